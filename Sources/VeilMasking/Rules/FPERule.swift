import VeilCore
import VeilCrypto

/// `fpe`: format-preserving encryption (NIST FF1) of the characters of an alphabet.
///
/// The characters of the value that belong to the alphabet are encrypted with FF1 under the
/// domain's FPE key; every other character (dashes, spaces, dots...) stays where it is, so
/// `123-45-6789` becomes `804-19-3371`. The mapping is a permutation of each length, so distinct
/// inputs give distinct outputs, and ``FPETransformer/reveal(_:)`` turns a token back.
///
/// Parameters:
/// - `alphabet`: `digits` (default), `lower`, `upper`, `letters`, `alnum`, or an explicit string
///   of at least two distinct characters such as `0123456789abcdef`.
/// - `keep_prefix`, `keep_suffix`: how many alphabet characters at the start / end stay as they are
///   (default 0). They become the FF1 tweak, so equal middles under different kept parts do not
///   encrypt alike.
/// - `short`: what happens when the free part has fewer than 10^6 possibilities (radix^n < 10^6),
///   where encryption would be guessable: `error` (default: the run stops, naming the row), `hmac`
///   (a keyed one-way mapping that keeps the length and alphabet and never returns the input when it
///   can avoid it), `null` (refused on a NOT NULL column) or `redact` (the constant `REDACTED`,
///   truncated to the column). Values handled this way are not reversible.
///
/// - `template` (optional): a pattern of literal text, encrypted groups and kept groups instead of an
///   alphabet, such as `ACC-{digits:8}-{upper:2}` or `{keep:3}-{digits}`; see ``FPETemplate`` for the
///   syntax and ``FPETemplateTransformer`` for how the groups are encrypted. It cannot be combined with
///   `alphabet`, `keep_prefix` or `keep_suffix`; `short` applies when no group has 10^6 values. A value
///   that does not match is an error naming the row. Text columns only.
///
/// On integer and numeric columns (with the digits alphabet) the output stays a valid number of the
/// type: FF1 is cycle-walked so no new leading zero appears and an integer stays within its range.
public enum FPERule {
    public static let definition = RuleDefinition(
        name: "fpe",
        summary: "FF1 format-preserving encryption of the alphabet's characters; reversible",
        parameters: [
            ParameterDefinition(
                name: "alphabet", kind: .string, defaultValue: .string("digits"),
                summary: "digits | lower | upper | letters | alnum | an explicit list of characters"),
            ParameterDefinition(
                name: "keep_prefix", kind: .integer(0...1024), defaultValue: .integer(0),
                summary: "alphabet characters kept as-is at the start"),
            ParameterDefinition(
                name: "keep_suffix", kind: .integer(0...1024), defaultValue: .integer(0),
                summary: "alphabet characters kept as-is at the end"),
            ParameterDefinition(
                name: "short", kind: .choice(ShortValuePolicy.allCases.map(\.rawValue)), defaultValue: .string("error"),
                summary: "when the free part has fewer than 10^6 values: error | hmac | null | redact"),
            ParameterDefinition(
                name: "template", kind: .string,
                summary: "a pattern such as ACC-{digits:8}-{upper:2} instead of alphabet/keep_*"),
        ],
        isKeyed: true, isReversible: true, isBijective: true,
        oneWayReason: { arguments in
            guard let short = arguments["short"], short != .string("error") else { return nil }
            return "values with fewer than 10^6 possibilities are mapped one-way (short: \(short))"
        },
        make: { context throws(RuleConfigurationError) in
            if let template = context.string("template") {
                return try FPETemplateTransformer(context, template: template)
            }
            return try FPETransformer(context)
        }
    )

    /// The alphabet a profile names, or an explicit one.
    static func alphabet(named name: String) throws(RuleConfigurationError) -> FPEAlphabet {
        switch name {
        case "digits": return .digits
        case "lower", "lowercase": return .lowercase
        case "upper", "uppercase": return .uppercase
        case "letters": return .letters
        case "alnum", "alphanumeric": return .alphanumeric
        default:
            do {
                return try FPEAlphabet(name)
            } catch {
                throw RuleConfigurationError(
                    "alphabet must be digits, lower, upper, letters, alnum or at least two distinct characters")
            }
        }
    }
}

/// What `fpe` does with a value whose free part is too small to encrypt meaningfully.
public enum ShortValuePolicy: String, Sendable, CaseIterable {
    case error, hmac, null, redact
}

/// The `fpe` rule bound to its alphabet, options and domain key. See ``FPERule``.
public struct FPETransformer: ReversibleTransformer {
    static let shortReason = "too few characters for format-preserving encryption (needs radix^n >= 10^6)"
    static let redactedValue = "REDACTED"

    let table: NumeralTable
    let batcher: FF1Batcher
    let keepPrefix: Int
    let keepSuffix: Int
    let short: ShortValuePolicy
    /// The smallest free length n with radix^n >= 10^6.
    let minimumFree: Int
    let shortSeed: KeyedSeed
    let redacted: String
    let numericShape: NumericShape?
    /// Digit value (0...9) of each numeral; used by ``numericShape`` with the digits alphabet.
    let digitValues: [UInt8]

    /// Builds the transformer for one column.
    /// - Throws: when the alphabet is invalid, or an option does not fit the column's type.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        let alphabet = try FPERule.alphabet(named: context.string("alphabet") ?? "digits")
        let short = try ShortValuePolicy.parse(context.string("short") ?? "error")
        let type = ColumnType(context.column.type)
        let cipher: FF1
        do {
            cipher = try FF1(key: context.keys.fpeKey, radix: alphabet.radix)
        } catch {
            throw RuleConfigurationError("the alphabet's size is not usable with FF1")
        }
        let table = try NumeralTable(alphabet)
        let digitValues = (0..<alphabet.radix).map { numeral in
            let scalar = table.scalar(UInt16(numeral))
            return (0x30...0x39).contains(scalar) ? UInt8(scalar - 0x30) : 0
        }
        self.table = table
        self.digitValues = digitValues
        batcher = FF1Batcher(cipher: cipher)
        keepPrefix = max(0, context.integer("keep_prefix") ?? 0)
        keepSuffix = max(0, context.integer("keep_suffix") ?? 0)
        self.short = short
        minimumFree = max(Self.minimumFreeLength(radix: alphabet.radix), cipher.minimumLength)
        shortSeed = KeyedSeed(hmac: context.keys.hmac, label: "fpe.short")
        redacted = type.fit(Self.redactedValue)

        let isDigits = alphabet.radix == 10 && digitValues == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        if type.isNumeric {
            guard isDigits else {
                throw RuleConfigurationError("fpe on a numeric column needs the digits alphabet")
            }
            guard short != .redact else {
                throw RuleConfigurationError("short: redact cannot write its constant into a numeric column")
            }
            numericShape = NumericShape(type)
        } else {
            numericShape = nil
        }
        if short == .null && context.column.isNotNull {
            throw RuleConfigurationError("short: null cannot be used on a NOT NULL column")
        }
    }

    /// The smallest n with radix^n >= 10^6.
    static func minimumFreeLength(radix: Int) -> Int {
        var possibilities = 1
        var length = 0
        while possibilities < FF1.minimumDomainSize {
            possibilities *= radix
            length += 1
        }
        return length
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        try transform(&values, takingASCIIPath: true)
    }

    /// ``transform(_:related:)`` with the ASCII path (``FPEASCIIValues``: a text column, an ASCII alphabet) on or off;
    /// its tests compare the two.
    func transform(_ values: inout [Field], takingASCIIPath: Bool) throws(MaskingError) {
        var jobs: [FF1Job] = []
        var parsedValues: [ParsedValue] = []
        var rows: [Int] = []
        var ascii =
            takingASCIIPath && numericShape == nil
            ? FPEASCIIValues(table: table, keepPrefix: keepPrefix, keepSuffix: keepSuffix, minimumFree: minimumFree)
            : nil
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            if ascii?.add(value, row: row) == true { continue }
            let parsed = parse(value)
            guard parsed.freeCount >= minimumFree else {
                values[row] = try shortValue(value, parsed: parsed, row: row)
                continue
            }
            jobs.append(FF1Job(numerals: Array(parsed.freeNumerals), tweak: parsed.tweak))
            parsedValues.append(parsed)
            rows.append(row)
        }
        do {
            try batcher.run(&jobs, classify: classifier(parsedValues))
        } catch {
            throw MaskingError(rowIndex: rows[error.jobIndex], reason: error.reason)
        }
        for (index, row) in rows.enumerated() {
            values[row] = parsedValues[index].assembled(free: jobs[index].numerals, table: table)
        }
        guard var ascii else { return }
        do {
            try ascii.encrypt(with: batcher.cipher)
        } catch {
            throw MaskingError(rowIndex: ascii.rows[error.jobIndex], reason: error.reason)
        }
        ascii.write(into: &values)
    }

    public func reveal(_ token: String) throws(ValueError) -> String {
        let parsed = parse(token)
        guard parsed.freeCount >= minimumFree else {
            throw ValueError("too few characters to have been encrypted reversibly")
        }
        var jobs = [FF1Job(numerals: Array(parsed.freeNumerals), tweak: parsed.tweak)]
        do {
            try batcher.run(&jobs, decrypting: true, classify: classifier([parsed]))
        } catch {
            throw ValueError(error.reason)
        }
        return parsed.assembled(free: jobs[0].numerals, table: table)
    }

    private func shortValue(_ value: String, parsed: ParsedValue, row: Int) throws(MaskingError) -> String? {
        switch short {
        case .error:
            throw MaskingError(rowIndex: row, reason: Self.shortReason)
        case .null:
            return nil
        case .redact:
            return redacted
        case .hmac:
            var random = shortSeed.random(value)
            let classify = numericShape.map { shape in
                { (free: [UInt16]) in
                    shape.isCanonical(parsed.digits(free: free, digitValues), negative: parsed.isNegative)
                }
            }
            let free = OneWayFormatMapping.map(
                Array(parsed.freeNumerals), radix: table.radix, random: &random, classify: classify)
            return parsed.assembled(free: free, table: table)
        }
    }

    private func classifier(_ parsedValues: [ParsedValue]) -> ((Int, [UInt16]) -> Bool)? {
        guard let numericShape else { return nil }
        let digitValues = digitValues
        return { index, free in
            let parsed = parsedValues[index]
            return numericShape.isCanonical(parsed.digits(free: free, digitValues), negative: parsed.isNegative)
        }
    }

    private func parse(_ value: String) -> ParsedValue {
        ParsedValue(value, table: table, keepPrefix: keepPrefix, keepSuffix: keepSuffix)
    }
}

extension ShortValuePolicy {
    static func parse(_ name: String) throws(RuleConfigurationError) -> ShortValuePolicy {
        guard let policy = ShortValuePolicy(rawValue: name) else {
            throw RuleConfigurationError("short must be error, hmac, null or redact")
        }
        return policy
    }
}
