import VeilCore
import VeilCrypto

/// A format template for `fpe`: literal text, encrypted groups and kept groups.
///
/// Syntax:
/// - Literal text must appear exactly as written. Write `{{` and `}}` for literal braces.
/// - `{alphabet}` or `{alphabet:n}` is an encrypted group of characters of `digits`, `lower`, `upper`,
///   `letters`, `alnum` or `hex` (`0-9a-f`): exactly `n` of them, or without `n` the longest run of
///   them (one or more; the run is never shortened to let a later part match, so follow an unbounded
///   group with literal text or a group of other characters).
/// - `{keep}` or `{keep:n}` is kept as it is: exactly `n` characters of any kind, or without `n` one or
///   more characters up to the first occurrence of the literal text that must follow it (or to the
///   end of the value when it ends the template).
///
/// `ACC-{digits:8}-{upper:2}` matches `ACC-12345678-XY`; `{keep:3}-{digits}` matches `BER-00042`.
struct FPETemplate: Sendable {
    enum Part: Sendable {
        case literal([UInt32])
        /// An encrypted group (`table` set) or a kept one (`table` nil); `count` nil means unbounded.
        case group(table: NumeralTable?, count: Int?)
    }

    let parts: [Part]

    /// - Throws: when the template is malformed, names an unknown alphabet, has no encrypted group, or
    ///   has an unbounded `{keep}` not followed by literal text.
    init(_ text: String) throws(RuleConfigurationError) {
        var parts: [Part] = []
        var literal: [UInt32] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func flush() {
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = []
        }
        while index < scalars.count {
            let scalar = scalars[index]
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if (scalar == "{" && next == "{") || (scalar == "}" && next == "}") {
                literal.append(scalar.value)
                index += 2
            } else if scalar == "}" {
                throw RuleConfigurationError("template: a lone `}` (write `}}` for a literal brace)")
            } else if scalar == "{" {
                guard let close = scalars[index...].firstIndex(of: "}") else {
                    throw RuleConfigurationError("template: a `{` without its `}`")
                }
                flush()
                parts.append(try Self.group(String(String.UnicodeScalarView(scalars[(index + 1)..<close]))))
                index = close + 1
            } else {
                literal.append(scalar.value)
                index += 1
            }
        }
        flush()
        for (offset, part) in parts.enumerated() {
            guard case .group(nil, nil) = part, offset + 1 < parts.count else { continue }
            guard case .literal = parts[offset + 1] else {
                throw RuleConfigurationError("template: an unbounded {keep} must be followed by literal text")
            }
        }
        guard parts.contains(where: { if case .group(.some, _) = $0 { true } else { false } }) else {
            throw RuleConfigurationError("template: needs at least one encrypted group such as {digits}")
        }
        self.parts = parts
    }

    private static func group(_ body: String) throws(RuleConfigurationError) -> Part {
        let pieces = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count <= 2, let name = pieces.first, !name.isEmpty else {
            throw RuleConfigurationError("template: a group is {alphabet} or {alphabet:count}")
        }
        var count: Int?
        if pieces.count == 2 {
            guard let number = Int(pieces[1]), (1...1024).contains(number) else {
                throw RuleConfigurationError("template: a group's count must be between 1 and 1024")
            }
            count = number
        }
        switch name {
        case "keep":
            return .group(table: nil, count: count)
        case "hex":
            return .group(table: try NumeralTable(try FPERule.alphabet(named: "0123456789abcdef")), count: count)
        case "digits", "lower", "upper", "letters", "alnum":
            return .group(table: try NumeralTable(try FPERule.alphabet(named: name)), count: count)
        default:
            throw RuleConfigurationError(
                "template: unknown group `\(name)` (digits, lower, upper, letters, alnum, hex or keep)")
        }
    }

    /// The radices of the encrypted groups.
    var radices: Set<Int> {
        Set(parts.compactMap { if case .group(let table?, _) = $0 { table.radix } else { nil } })
    }

    /// The range of `scalars` each part covers, or `nil` when the value does not match.
    func match(_ scalars: [UInt32]) -> [Range<Int>]? {
        var ranges: [Range<Int>] = []
        var position = 0
        for (offset, part) in parts.enumerated() {
            let start = position
            switch part {
            case .literal(let text):
                guard scalars.count - position >= text.count,
                    scalars[position..<(position + text.count)].elementsEqual(text)
                else { return nil }
                position += text.count
            case .group(let table, let count?):
                guard scalars.count - position >= count else { return nil }
                if let table {
                    guard scalars[position..<(position + count)].allSatisfy({ table.numeral($0) != NumeralTable.none })
                    else { return nil }
                }
                position += count
            case .group(let table?, nil):
                while position < scalars.count && table.numeral(scalars[position]) != NumeralTable.none {
                    position += 1
                }
                guard position > start else { return nil }
            case .group(nil, nil):
                guard offset + 1 < parts.count, case .literal(let text) = parts[offset + 1] else {
                    guard scalars.count > position else { return nil }
                    position = scalars.count
                    break
                }
                guard let found = Self.find(text, in: scalars, from: position + 1) else { return nil }
                position = found
            }
            ranges.append(start..<position)
        }
        return position == scalars.count ? ranges : nil
    }

    private static func find(_ text: [UInt32], in scalars: [UInt32], from start: Int) -> Int? {
        guard scalars.count >= text.count, start <= scalars.count - text.count else { return nil }
        for candidate in start...(scalars.count - text.count)
        where scalars[candidate..<(candidate + text.count)].elementsEqual(text) {
            return candidate
        }
        return nil
    }
}

/// A value matched against an ``FPETemplate``: its encrypted groups as numerals and its kept parts.
struct TemplatedValue {
    private var scalars: [UInt32]
    private let ranges: [Range<Int>]
    private let template: FPETemplate

    init?(_ value: String, template: FPETemplate) {
        scalars = ScalarBuffer.scalars(of: value)
        guard let ranges = template.match(scalars) else { return nil }
        self.ranges = ranges
        self.template = template
    }

    /// The encrypted groups, in template order.
    var groups: [NumeralGroup] {
        zip(template.parts, ranges).compactMap { part, range in
            guard case .group(let table?, _) = part else { return nil }
            return NumeralGroup(radix: table.radix, numerals: scalars[range].map(table.numeral))
        }
    }

    /// The kept groups' characters, each preceded by a separator: part of every tweak.
    var context: [UInt8] {
        var bytes: [UInt8] = []
        for (part, range) in zip(template.parts, ranges) {
            guard case .group(nil, _) = part else { continue }
            bytes.append(0xFE)
            bytes += ScalarBuffer.string(Array(scalars[range])).utf8
        }
        return bytes
    }

    /// The value with its encrypted groups replaced by `groups`.
    func assembled(_ groups: [NumeralGroup]) -> String {
        var output = scalars
        var next = groups.makeIterator()
        for (part, range) in zip(template.parts, ranges) {
            guard case .group(let table?, _) = part, let group = next.next() else { continue }
            for (offset, numeral) in group.numerals.enumerated() {
                output[range.lowerBound + offset] = table.scalar(numeral)
            }
        }
        return ScalarBuffer.string(output)
    }
}

/// The `fpe` rule with a `template`: each encrypted group keeps its alphabet and length, literal text and
/// kept groups stay. The groups are encrypted together as one bijection (``GroupedFormatCipher``): every
/// group of at least 10^6 values with FF1 of its alphabet, tweaked by the kept parts and the other
/// groups, then smaller groups by keyed offsets. When no group reaches 10^6 values, `short:` decides
/// (see ``FPERule``). A value that does not match the template is an error naming the row.
public struct FPETemplateTransformer: ReversibleTransformer {
    static let mismatchReason = "the value does not match the fpe template"

    let template: FPETemplate
    let cipher: GroupedFormatCipher
    let short: ShortValuePolicy
    let shortSeed: KeyedSeed
    let redacted: String

    /// - Throws: when the template is malformed, combined with `alphabet`/`keep_prefix`/`keep_suffix`, or
    ///   the column cannot hold text.
    public init(_ context: RuleContext, template text: String) throws(RuleConfigurationError) {
        let type = ColumnType(context.column.type)
        guard type.isTextual else { throw RuleConfigurationError("fpe with a template needs a text column") }
        guard (context.string("alphabet") ?? "digits") == "digits", (context.integer("keep_prefix") ?? 0) == 0,
            (context.integer("keep_suffix") ?? 0) == 0
        else {
            throw RuleConfigurationError(
                "template replaces alphabet, keep_prefix and keep_suffix; use one or the other")
        }
        template = try FPETemplate(text)
        short = try ShortValuePolicy.parse(context.string("short") ?? "error")
        if short == .null && context.column.isNotNull {
            throw RuleConfigurationError("short: null cannot be used on a NOT NULL column")
        }
        cipher = try GroupedFormatCipher(
            fpeKey: context.keys.fpeKey, hmac: context.keys.hmac, label: "fpe.template", radices: template.radices)
        shortSeed = KeyedSeed(hmac: context.keys.hmac, label: "fpe.template.short")
        redacted = type.fit(FPETransformer.redactedValue)
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        var parsed: [TemplatedValue] = []
        var groups: [[NumeralGroup]] = []
        var rows: [Int] = []
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            guard let templated = TemplatedValue(value, template: template) else {
                throw MaskingError(rowIndex: row, reason: Self.mismatchReason)
            }
            let free = templated.groups
            guard GroupedFormatCipher.isReversible(free) else {
                values[row] = try shortValue(value, templated, free, row: row)
                continue
            }
            parsed.append(templated)
            groups.append(free)
            rows.append(row)
        }
        do {
            try cipher.run(&groups, contexts: parsed.map(\.context))
        } catch {
            throw MaskingError(rowIndex: rows[error.jobIndex], reason: error.reason)
        }
        for index in parsed.indices {
            values[rows[index]] = parsed[index].assembled(groups[index])
        }
    }

    public func reveal(_ token: String) throws(ValueError) -> String {
        guard let templated = TemplatedValue(token, template: template) else {
            throw ValueError(Self.mismatchReason)
        }
        var groups = [templated.groups]
        guard GroupedFormatCipher.isReversible(groups[0]) else {
            throw ValueError("too few characters to have been encrypted reversibly")
        }
        do {
            try cipher.run(&groups, contexts: [templated.context], decrypting: true)
        } catch {
            throw ValueError(error.reason)
        }
        return templated.assembled(groups[0])
    }

    private func shortValue(
        _ value: String, _ templated: TemplatedValue, _ free: [NumeralGroup], row: Int
    ) throws(MaskingError) -> String? {
        switch short {
        case .error:
            throw MaskingError(rowIndex: row, reason: FPETransformer.shortReason)
        case .null:
            return nil
        case .redact:
            return redacted
        case .hmac:
            var random = shortSeed.random(value)
            let replaced = free.map { group in
                NumeralGroup(
                    radix: group.radix,
                    numerals: OneWayFormatMapping.map(group.numerals, radix: group.radix, random: &random))
            }
            return templated.assembled(replaced)
        }
    }
}
