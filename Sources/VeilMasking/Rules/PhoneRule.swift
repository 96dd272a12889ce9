import VeilCore
import VeilCrypto

/// `phone`: a phone number becomes another number of the same layout, its country code kept.
///
/// Accepts E.164 (`+14155550123`) and national or international layouts (`(415) 555-0123`,
/// `020 7946 0018`, `+44 20 7946 0018`, `415.555.0123`, `0044 20 7946 0018`): every non-digit character
/// (`+`, spaces, dashes, dots, parentheses, `ext.`) stays in place and the number of digits is kept.
/// These digits stay as they are:
/// - after a leading `+` (or the international prefix `00`), the country calling code, whose length
///   (1, 2 or 3 digits) comes from the ITU-T E.164 list (1 and 7 are one digit; 20, 27, 30-34, 36, 39,
///   40, 41, 43-49, 51-58, 60-66, 81, 82, 84, 86, 90-95 and 98 are two; every other code three);
/// - in a national number, a leading trunk prefix `0`;
/// - then `keep_prefix` more digits (default 0), for example 3 to keep a US area code.
///
/// A national number's first free digit stays non-zero (cycle walking), so an output never gains a
/// trunk `0` or an international `00` and always reads the same way as its input.
///
/// The remaining digits are encrypted with FF1 (radix 10) under the domain's FPE key, with the kept
/// digits and the digit count as tweak: one-to-one, and ``PhoneTransformer/reveal(_:)`` gives the number
/// back. A value with fewer than six free digits (a short extension, or a large `keep_prefix`) cannot be
/// encrypted meaningfully (10^6 values at least), so its free digits are redrawn by a keyed one-way
/// mapping (like `fpe` with `short: hmac`): such outputs are not reversible, may collide, and equal the
/// input only when no digit is free. `veil check` reports the rule one-way when `keep_prefix` exceeds 4,
/// which leaves fewer than six free digits in ordinary ten-digit national numbers.
///
/// A value without digits is refused, naming the row. Needs a text column (a numeric column would lose
/// the layout and leading zeros).
public enum PhoneRule {
    public static let definition = RuleDefinition(
        name: "phone",
        summary: "phone number: FF1 over the digits after the country code or trunk 0, layout kept; reversible",
        parameters: [
            ParameterDefinition(
                name: "keep_prefix", kind: .integer(0...15), defaultValue: .integer(0),
                summary: "digits kept after the country code or trunk 0 (3 keeps a US area code)")
        ],
        isKeyed: true, isReversible: true, isBijective: true,
        oneWayReason: { arguments in
            guard case .integer(let keep)? = arguments["keep_prefix"], keep > 4 else { return nil }
            return
                "keep_prefix \(keep) leaves fewer than six free digits in ten-digit numbers: those are mapped one-way"
        },
        make: { context throws(RuleConfigurationError) in try PhoneTransformer(context) }
    )
}

/// The `phone` rule bound to its options and domain key. See ``PhoneRule``.
public struct PhoneTransformer: ReversibleTransformer {
    static let minimumFree = 6

    let batcher: FF1Batcher
    let keepPrefix: Int
    let shortSeed: KeyedSeed

    /// - Throws: when the column cannot hold text.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        guard ColumnType(context.column.type).isTextual else {
            throw RuleConfigurationError("phone needs a text column; a numeric column would lose the layout")
        }
        let cipher: FF1
        do {
            cipher = try FF1(key: context.keys.fpeKey, radix: 10)
        } catch {
            throw RuleConfigurationError("FF1 could not be set up for the domain key")
        }
        batcher = FF1Batcher(cipher: cipher)
        keepPrefix = max(0, context.integer("keep_prefix") ?? 0)
        shortSeed = KeyedSeed(hmac: context.keys.hmac, label: "phone.short")
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        try transform(&values, packing: true)
    }

    /// The general path alone: every number as a ``PhoneNumber`` through ``FF1Batcher``.
    func transformGenerally(_ values: inout [Field]) throws(MaskingError) {
        try transform(&values, packing: false)
    }

    /// Masks `values`; with `packing`, ASCII numbers with enough free digits take ``PhonePackedDigits`` and the
    /// others the general path.
    private func transform(_ values: inout [Field], packing: Bool) throws(MaskingError) {
        var packed = PhonePackedDigits(keepPrefix: keepPrefix)
        var jobs: [FF1Job] = []
        var numbers: [PhoneNumber] = []
        var rows: [Int] = []
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            if packing && packed.add(value, row: row) { continue }
            let number: PhoneNumber
            do {
                number = try PhoneNumber(value, keepPrefix: keepPrefix)
            } catch {
                throw MaskingError(rowIndex: row, reason: error.reason)
            }
            let free = number.freeDigits
            let classify = number.leadingDigitMatters ? PhoneNumber.leadsWithNonZero : nil
            if free.count >= Self.minimumFree {
                jobs.append(FF1Job(numerals: free, tweak: number.tweak))
                numbers.append(number)
                rows.append(row)
            } else {
                var random = shortSeed.random(value)
                values[row] = number.assembled(
                    free: OneWayFormatMapping.map(free, radix: 10, random: &random, classify: classify))
            }
        }
        do {
            try batcher.run(&jobs, classify: Self.classifier(numbers))
        } catch {
            throw MaskingError(rowIndex: rows[error.jobIndex], reason: error.reason)
        }
        for (index, row) in rows.enumerated() {
            values[row] = numbers[index].assembled(free: jobs[index].numerals)
        }
        do {
            try packed.encrypt(with: batcher.cipher)
            try packed.write(into: &values, cipher: batcher.cipher)
        } catch {
            throw MaskingError(rowIndex: packed.rows[error.jobIndex], reason: error.reason)
        }
    }

    /// Cycle walking for national numbers whose leading free digit must stay non-zero; `nil` when none.
    private static func classifier(_ numbers: [PhoneNumber]) -> ((Int, [UInt16]) -> Bool)? {
        guard numbers.contains(where: \.leadingDigitMatters) else { return nil }
        return { index, free in numbers[index].leadingDigitMatters ? PhoneNumber.leadsWithNonZero(free) : true }
    }

    public func reveal(_ token: String) throws(ValueError) -> String {
        let number = try PhoneNumber(token, keepPrefix: keepPrefix)
        guard number.freeDigits.count >= Self.minimumFree else {
            throw ValueError("too few free digits to have been encrypted reversibly")
        }
        var jobs = [FF1Job(numerals: number.freeDigits, tweak: number.tweak)]
        do {
            try batcher.run(&jobs, decrypting: true, classify: Self.classifier([number]))
        } catch {
            throw ValueError(error.reason)
        }
        return number.assembled(free: jobs[0].numerals)
    }
}
