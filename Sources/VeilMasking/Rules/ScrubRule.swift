import VeilCore

/// `scrub`: finds personal data inside free text and masks each find, keeping all other text exactly.
///
/// Detected (see ``PIIDetector``): emails, internationalized ones too (`james.иванов@corp.ru`, `张伟@例子.中国`:
/// letters, digits and marks of any script, each address masked whole, so no part of a non-ASCII name survives);
/// card numbers (13 to 19 digits, optionally grouped by spaces or dashes, Luhn-checked); IBANs (mod-97-checked,
/// optionally grouped by spaces); US SSNs (`ddd-dd-dddd`); phone numbers (`+` and 7 to 15 digits, `(555) 123-4567`,
/// and national layouts of grouped digits); IPv4 and IPv6 addresses. Finds are bounded by non-word characters, so an order id, a version number or
/// a 16-digit number failing the Luhn check is left alone. Overlaps resolve as email, IBAN, card, SSN, IP,
/// phone.
///
/// Each kind is masked by its own rule, run once per batch over every find of that kind:
/// - the rule the planner links (`context.nested[kind]`, with `ip` for both address families or
///   `ipv4` / `ipv6`): by default the single profile column whose rule masks that kind (email: `email`,
///   `fake.email`; card: `card`, `fake.card`; ...), or the column the `email:`, `card:`... parameter
///   names, with that column's rule, arguments and domain. So an address in `tickets.body` masks exactly
///   like the same address in `customers.email`, and a join on it survives.
/// - otherwise a default rule, under the scrub column's domain (the planner gives it `scrub.<kind>`): email
///   → `email` (or `fake.email`), card → `card`, IBAN → `iban` (or `fpe` over capitals and digits keeping the
///   country code), SSN → `ssn` (or `fpe`), phone → `phone` (or `fpe`), IP → `ip` (or `redact`).
/// A nested rule that writes NULL for a find removes it from the text.
///
/// Parameters:
/// - `detect` (default all): the kinds to look for: `email`, `card`, `iban`, `ssn`, `phone`, `ip` (or
///   `ipv4`, `ipv6`).
/// - `email`, `card`, `iban`, `ssn`, `phone`, `ip`: a column (`schema.table.column` or `table.column`)
///   of the profile whose rule and domain mask that kind; read by the planner only.
///
/// Keyed through its rules, lossy, never reversible as a whole. Needs a text column. Text without any
/// find comes out unchanged.
public enum ScrubRule {
    /// The `detect:` words and the link parameters, in the order the documentation lists them.
    public static let kinds = ["email", "card", "iban", "ssn", "phone", "ip"]

    public static let definition = RuleDefinition(
        name: "scrub",
        summary: "masks emails (any script), cards, IBANs, SSNs, phones and IP addresses found inside free text",
        parameters: [
            ParameterDefinition(
                name: "detect", kind: .list, defaultValue: .list(kinds),
                summary: "kinds to find: email, card, iban, ssn, phone, ip")
        ]
            + kinds.map { kind in
                ParameterDefinition(
                    name: kind, kind: .string,
                    summary: "column (schema.table.column) whose rule and domain mask the \(kind) finds")
            },
        isKeyed: true,
        make: { context throws(RuleConfigurationError) in try ScrubTransformer(context) }
    )
    .withLeakRole(.passesThrough)

    /// The rules tried, in order, for the finds of `kind` (`email`, `card`, `iban`, `ssn`, `phone`, `ipv4`,
    /// `ipv6`) when no profile column is linked, with their arguments; empty for an unknown kind.
    public static func defaultRules(forKind kind: String) -> [(name: String, arguments: [String: ParameterValue])] {
        PIIKind(rawValue: kind).map(defaultRules(for:)) ?? []
    }

    /// The rules tried, in order, for a kind without a linked rule, with their arguments.
    static func defaultRules(for kind: PIIKind) -> [(name: String, arguments: [String: ParameterValue])] {
        let digits: [String: ParameterValue] = ["alphabet": .string("digits")]
        switch kind {
        case .email: return [("email", [:]), ("fake.email", [:])]
        case .card: return [("card", [:])]
        case .iban:
            return [
                ("iban", [:]),
                ("fpe", ["alphabet": .string("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"), "keep_prefix": .integer(2)]),
            ]
        case .ssn: return [("ssn", [:]), ("fpe", digits)]
        case .phone: return [("phone", [:]), ("fpe", digits)]
        case .ipv4: return [("ip", [:]), ("ipv4", [:]), ("redact", [:])]
        case .ipv6: return [("ip", [:]), ("ipv6", [:]), ("redact", [:])]
        }
    }
}

/// The `scrub` rule bound to its detectors and the rule of each kind. See ``ScrubRule``.
public struct ScrubTransformer: Transformer {
    let detector: PIIDetector
    let maskers: [PIIKind: any Transformer]

    /// - Throws: when `detect` names an unknown kind, a default rule cannot be built, or the column is not text.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        guard ColumnType(context.column.type).isTextual else {
            throw RuleConfigurationError("scrub needs a text column")
        }
        var kinds: Set<PIIKind> = []
        for word in context.list("detect") ?? ScrubRule.kinds {
            guard let named = PIIKind.named(word) else {
                throw RuleConfigurationError(
                    "detect: `\(word)` is not a kind (use \(ScrubRule.kinds.joined(separator: ", ")))")
            }
            kinds.formUnion(named)
        }
        detector = PIIDetector(kinds: kinds)
        var maskers: [PIIKind: any Transformer] = [:]
        for kind in kinds {
            let linked = context.nested[kind.rawValue] ?? (kind == .ipv4 || kind == .ipv6 ? context.nested["ip"] : nil)
            if let linked {
                maskers[kind] = linked
            } else {
                maskers[kind] = try Self.defaultMasker(for: kind, context: context)
            }
        }
        self.maskers = maskers
    }

    /// The first default rule of `kind` the catalogue has, built with the scrub column's keys on a text column.
    static func defaultMasker(for kind: PIIKind, context: RuleContext) throws(RuleConfigurationError)
        -> any Transformer
    {
        for (name, overrides) in ScrubRule.defaultRules(for: kind) {
            guard let definition = BuiltinRules.named(name) else { continue }
            var arguments = overrides
            for parameter in definition.parameters where arguments[parameter.name] == nil {
                if let value = parameter.defaultValue { arguments[parameter.name] = value }
            }
            let column = Column(name: context.column.name, type: "text")
            do {
                return try definition.make(
                    RuleContext(
                        arguments: arguments, domain: context.domain, keys: context.keys, column: column,
                        tokens: context.tokens))
            } catch {
                throw RuleConfigurationError("scrub's default rule `\(name)` for \(kind.rawValue): \(error.message)")
            }
        }
        throw RuleConfigurationError("scrub finds no rule in the catalogue to mask \(kind.rawValue)")
    }

    /// One find, waiting for its kind's rule.
    private struct Find {
        var row: Int
        var range: Range<Int>
        var kind: PIIKind
        /// Position among the finds of its kind in this batch.
        var job: Int
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        var finds: [[Find]] = Array(repeating: [], count: values.count)
        var jobs: [PIIKind: [Field]] = [:]
        var jobRows: [PIIKind: [Int]] = [:]
        var texts: [Int: [UInt8]] = [:]
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            let bytes = Array(value.utf8)
            let matches = detector.matches(in: bytes)
            guard !matches.isEmpty else { continue }
            texts[row] = bytes
            for match in matches {
                let job = jobs[match.kind, default: []].count
                jobs[match.kind, default: []].append(String(decoding: bytes[match.range], as: UTF8.self))
                jobRows[match.kind, default: []].append(row)
                finds[row].append(Find(row: row, range: match.range, kind: match.kind, job: job))
            }
        }
        for kind in PIIKind.priority {
            guard var column = jobs[kind], let masker = maskers[kind] else { continue }
            do {
                try masker.transform(&column, related: [])
            } catch {
                throw MaskingError(
                    rowIndex: jobRows[kind]![error.rowIndex], reason: "\(kind.rawValue): \(error.reason)")
            }
            jobs[kind] = column
        }
        for (row, bytes) in texts {
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 16)
            var cursor = 0
            for find in finds[row] {
                output.append(contentsOf: bytes[cursor..<find.range.lowerBound])
                if let masked = jobs[find.kind]?[find.job] { output.append(contentsOf: masked.utf8) }
                cursor = find.range.upperBound
            }
            output.append(contentsOf: bytes[cursor...])
            values[row] = String(decoding: output, as: UTF8.self)
        }
    }
}
