// Fuzz target `packed-paths`: the byte paths of `ipv4`, `uuid`, `phone`, `ssn` and `iban` (and the column of bytes
// `uuid` writes) against their general paths on the same batch. The first byte picks a rule and its settings; the rest is the batch, one value per line
// (a line holding only a NUL byte is NULL). Property: both paths give the same outputs, or fail with the same error
// on the same row.

import VeilCore
import VeilCrypto

@testable import VeilMasking

/// A rule with a byte path beside a general one, under fixed keys.
enum PackedPathRule: Sendable {
    case ipv4(IPAddressTransformer<IPv4Family>)
    case uuid(UUIDTransformer)
    case phone(PhoneTransformer)
    case ssn(SSNTransformer)
    case iban(IBANTransformer)

    static let all: [PackedPathRule] = {
        let ring = MaskingKeyRing(dataKey: SecureBytes(Array(repeating: 7, count: 32)), keyVersion: 1)
        func make(_ rule: String, _ arguments: [String: ParameterValue] = [:]) -> any Transformer {
            let definition = BuiltinRules.named(rule)!
            var filled = arguments
            for parameter in definition.parameters where filled[parameter.name] == nil {
                if let value = parameter.defaultValue { filled[parameter.name] = value }
            }
            let domain = "public.fuzz.\(rule)"
            return try! definition.make(
                RuleContext(
                    arguments: filled, domain: domain, keys: ring.keys(forDomain: domain),
                    column: Column(name: "value", type: "text")))
        }
        var rules: [PackedPathRule] = [
            .ipv4(make("ipv4") as! IPAddressTransformer<IPv4Family>), .uuid(make("uuid") as! UUIDTransformer),
        ]
        for prefix in [0, 2] {
            rules.append(.phone(make("phone", ["keep_prefix": .integer(prefix)]) as! PhoneTransformer))
        }
        for invalid in ["encrypt", "error"] {
            rules.append(.ssn(make("ssn", ["invalid": .string(invalid)]) as! SSNTransformer))
        }
        for keep in [false, true] {
            rules.append(.iban(make("iban", ["keep_bank": .boolean(keep)]) as! IBANTransformer))
        }
        return rules
    }()

    /// Masks `values` through the byte path (`packed`) or the general path alone.
    func run(_ values: inout [Field], packed: Bool) throws(MaskingError) {
        switch self {
        case .ipv4(let rule): packed ? try rule.transform(&values, related: []) : try rule.transformGenerally(&values)
        case .uuid(let rule): packed ? try rule.transform(&values, related: []) : try rule.transformGenerally(&values)
        case .phone(let rule): packed ? try rule.transform(&values, related: []) : try rule.transformGenerally(&values)
        case .ssn(let rule): packed ? try rule.transform(&values, related: []) : try rule.transformGenerally(&values)
        case .iban(let rule): try rule.transform(&values, takingPackedPath: packed)
        }
    }

    /// The values the rule writes as bytes into a column (what the pipeline runs), when it has that path.
    func column(_ values: [Field]) throws(MaskingError) -> [Field]? {
        let transformer: any Transformer
        switch self {
        case .ipv4(let rule): transformer = rule
        case .uuid(let rule): transformer = rule
        case .phone(let rule): transformer = rule
        case .ssn(let rule): transformer = rule
        case .iban(let rule): transformer = rule
        }
        return try transformer.transformedBytes(values, related: []).map(\.fields)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func packedPathsFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    guard let selector = bytes.first else { return 0 }
    let rule = PackedPathRule.all[Int(selector) % PackedPathRule.all.count]
    let values: [Field] = bytes.dropFirst().split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
        line.elementsEqual([0]) ? nil : String(decoding: line, as: UTF8.self)
    }
    var packed = values
    var general = values
    let packedResult = Result { () throws(MaskingError) in try rule.run(&packed, packed: true) }
    let generalResult = Result { () throws(MaskingError) in try rule.run(&general, packed: false) }
    switch (packedResult, generalResult) {
    case (.success, .success):
        fuzzRequire(packed == general, "the packed and general paths gave different outputs (rule \(selector))")
    case (.failure(let a), .failure(let b)):
        fuzzRequire(a == b, "the packed and general paths failed differently (rule \(selector))")
    default:
        fuzzRequire(false, "one path failed and the other did not (rule \(selector))")
    }
    // The column of bytes, where the rule writes one, holds the general path's values or fails the same way.
    switch (Result { () throws(MaskingError) in try rule.column(values) }, generalResult) {
    case (.success(let column?), .success):
        fuzzRequire(column == general, "the byte column and the general path differ (rule \(selector))")
    case (.success(nil), _):
        break
    case (.failure(let a), .failure(let b)):
        fuzzRequire(a == b, "the byte column and the general path failed differently (rule \(selector))")
    default:
        fuzzRequire(false, "the byte column and the general path disagree on failing (rule \(selector))")
    }
    return 0
}
