import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

/// Keys, contexts and helpers shared by the rule tests.
enum Fixtures {
    static let ring = MaskingKeyRing(dataKey: SecureBytes(Array(repeating: 7, count: 32)), keyVersion: 1)
    static let otherRing = MaskingKeyRing(dataKey: SecureBytes(Array(repeating: 9, count: 32)), keyVersion: 1)
    static let defaultDomain = "public.customers.value"

    /// A context for `rule` with the definition's defaults filled in, as the profile loader does.
    static func context(
        _ rule: String, _ arguments: [String: ParameterValue] = [:], domain: String = defaultDomain,
        ring: MaskingKeyRing = ring, type: String = "text", notNull: Bool = false
    ) -> RuleContext {
        var filled = arguments
        for parameter in BuiltinRules.named(rule)?.parameters ?? [] where filled[parameter.name] == nil {
            if let value = parameter.defaultValue { filled[parameter.name] = value }
        }
        return RuleContext(
            arguments: filled, domain: domain, keys: ring.keys(forDomain: domain),
            column: Column(name: "value", type: type, isNotNull: notNull),
            tokens: rule == "tokenize" ? VaultFixtures.issuer(for: ring) : nil)
    }

    static func transformer(
        _ rule: String, _ arguments: [String: ParameterValue] = [:], domain: String = defaultDomain,
        ring: MaskingKeyRing = ring, type: String = "text", notNull: Bool = false
    ) throws -> any Transformer {
        let definition = try #require(BuiltinRules.named(rule))
        return try definition.make(
            context(rule, arguments, domain: domain, ring: ring, type: type, notNull: notNull))
    }

    /// Masks `values` as one column of one batch.
    static func apply(
        _ rule: String, _ values: [Field], _ arguments: [String: ParameterValue] = [:],
        domain: String = defaultDomain, ring: MaskingKeyRing = ring, type: String = "text",
        related: [[Field]] = []
    ) throws -> [Field] {
        let transformer = try transformer(rule, arguments, domain: domain, ring: ring, type: type)
        var column = values
        try transformer.transform(&column, related: related)
        return column
    }

    /// Masks non-NULL strings, failing the test on NULL outputs.
    static func strings(
        _ rule: String, _ values: [String], _ arguments: [String: ParameterValue] = [:],
        domain: String = defaultDomain, ring: MaskingKeyRing = ring, type: String = "text",
        related: [[Field]] = []
    ) throws -> [String] {
        try apply(rule, values, arguments, domain: domain, ring: ring, type: type, related: related).map {
            try #require($0)
        }
    }

    /// A reproducible stream for generating test inputs.
    static func random(_ seed: UInt64) -> SeededRandom {
        SeededRandom(words: (seed, 0x1234_5678, 0x9ABC_DEF0, 42))
    }

    static func digits(_ count: Int, _ random: inout SeededRandom) -> String {
        String((0..<count).map { _ in Character(String(random.next(below: 10))) })
    }

    /// `count` distinct strings made by `make`.
    static func distinct(_ count: Int, seed: UInt64, _ make: (inout SeededRandom) -> String) -> [String] {
        var generator = Fixtures.random(seed)
        var seen = Set<String>()
        var result: [String] = []
        while result.count < count {
            let value = make(&generator)
            if seen.insert(value).inserted { result.append(value) }
        }
        return result
    }

    /// A random Luhn-valid card number of `length` digits starting with `prefix`.
    static func cardNumber(length: Int, prefix: String, _ random: inout SeededRandom) -> String {
        var number = prefix.map { UInt8(String($0))! }
        while number.count < length - 1 { number.append(UInt8(random.next(below: 10))) }
        number.append(0)
        number[length - 1] = Luhn.digit(at: length - 1, in: number, makingSum: 0)
        return String(number.map { Character(String($0)) })
    }

    /// Sample inputs that suit each rule, for the contract tests run over the whole catalogue.
    static func samples(for rule: String, count: Int = 200) -> [String] {
        switch rule {
        case "fpe":
            return distinct(count, seed: 1) { random in
                "\(digits(3, &random))-\(digits(2, &random))-\(digits(4, &random))"
            }
        case "card":
            return distinct(count, seed: 2) { random in cardNumber(length: 16, prefix: "4", &random) }
        case "shift_date":
            return distinct(count, seed: 3) { random in
                let date = CivilDate(daysSinceEpoch: random.next(below: 40_000) - 10_000)
                return DateText(Array("2000-01-01 12:00:00+00".utf8))!.formatted(with: date)
            }
        default:
            let families = [
                FormatSamples.samples, NetworkSamples.samples, SyntheticSamples.samples, StructuredSamples.samples,
            ]
            for family in families {
                if let samples = family(rule, count) { return samples }
            }
            return distinct(count, seed: 4) { random in
                "\(random.pick(WordLists.firstNames)) \(random.pick(WordLists.lastNames)) \(random.next(below: 1000))"
            }
        }
    }
}

/// Whether an error's description could reveal `value`.
func reveals(_ error: any Error, _ value: String) -> Bool {
    let text = "\(error) \(String(reflecting: error))"
    return text.contains(value)
}
