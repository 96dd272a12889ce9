import VeilCore
import VeilCrypto

/// `ssn`: a US Social Security number becomes another SSN in the same layout; valid ones stay valid.
///
/// The nine digits are encrypted with FF1 (radix 10) under the domain's FPE key and cycle-walked: the
/// output is encrypted again until it lands in the same class as the input, *valid* (area 001...899
/// except 666, group 01...99, serial 0001...9999) or *invalid* (area 000, 666 or 9xx, group 00, serial
/// 0000). Cycle walking a permutation is a permutation of each class (see ``FF1Batcher``), so every
/// valid SSN maps to a valid SSN, the mapping is one-to-one over all nine-digit strings, and
/// ``SSNTransformer/reveal(_:)`` recovers any input by walking the inverse. About 11% of valid inputs
/// need a second encryption; an invalid one needs about nine on average.
///
/// Layouts: `AAA-GG-SSSS`, `AAA GG SSSS` and `AAAGGSSSS`; the separators stay in place. Anything else
/// is an error naming the row.
///
/// Parameters:
/// - `invalid`: what happens to a nine-digit value outside the issued ranges: `encrypt` (default: it
///   becomes another invalid SSN, reversibly) or `error` (the run stops, naming the row; for columns
///   that must hold valid SSNs only).
///
/// Needs a text column: an integer column would lose the leading zeros of areas 001...099.
public enum SSNRule {
    public static let definition = RuleDefinition(
        name: "ssn",
        summary: "US SSN in the same layout, valid ranges kept (FF1 with cycle walking); reversible",
        parameters: [
            ParameterDefinition(
                name: "invalid", kind: .choice(["encrypt", "error"]), defaultValue: .string("encrypt"),
                summary: "an SSN outside the issued ranges: encrypt (among invalid ones) | error")
        ],
        isKeyed: true, isReversible: true, isBijective: true,
        make: { context throws(RuleConfigurationError) in try SSNTransformer(context) }
    )
    .withOutputSpace(.digits)
}

/// The `ssn` rule bound to its option and domain key. See ``SSNRule``.
public struct SSNTransformer: ReversibleTransformer {
    static let invalidReason = "not an issuable SSN (area 000, 666 or 900-999, group 00 or serial 0000)"

    let batcher: FF1Batcher
    let refusesInvalid: Bool

    /// - Throws: when the column cannot hold text, or `invalid` is unknown.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        guard ColumnType(context.column.type).isTextual else {
            throw RuleConfigurationError("ssn needs a text column; a number would lose leading zeros")
        }
        switch context.string("invalid") ?? "encrypt" {
        case "encrypt": refusesInvalid = false
        case "error": refusesInvalid = true
        default: throw RuleConfigurationError("invalid must be encrypt or error")
        }
        do {
            batcher = FF1Batcher(cipher: try FF1(key: context.keys.fpeKey, radix: 10))
        } catch {
            throw RuleConfigurationError("FF1 could not be set up for the domain key")
        }
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        try transform(&values, packing: true)
    }

    /// The general path alone: every number as an ``SSNText`` through ``FF1Batcher``.
    func transformGenerally(_ values: inout [Field]) throws(MaskingError) {
        try transform(&values, packing: false)
    }

    /// Masks `values`; with `packing`, values laid out as SSNs take ``SSNPackedDigits`` and the others the general
    /// path (which names the row of a value that is not an SSN).
    private func transform(_ values: inout [Field], packing: Bool) throws(MaskingError) {
        var packed = SSNPackedDigits(refusesInvalid: refusesInvalid)
        var numbers: [SSNText] = []
        var rows: [Int] = []
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            if packing && packed.add(value, row: row) { continue }
            do {
                numbers.append(try parse(value))
            } catch {
                throw MaskingError(rowIndex: row, reason: error.reason)
            }
            rows.append(row)
        }
        var jobs = numbers.map { FF1Job(numerals: $0.numerals, tweak: []) }
        do {
            try batcher.run(&jobs, classify: { _, numerals in SSNRanges.isValid(numerals) })
        } catch {
            throw MaskingError(rowIndex: rows[error.jobIndex], reason: error.reason)
        }
        for index in numbers.indices {
            numbers[index].finish(jobs[index].numerals)
            values[rows[index]] = numbers[index].string
        }
        do {
            try packed.encrypt(with: batcher.cipher)
            try packed.write(into: &values, cipher: batcher.cipher)
        } catch {
            throw MaskingError(rowIndex: packed.rows[error.jobIndex], reason: error.reason)
        }
    }

    public func reveal(_ token: String) throws(ValueError) -> String {
        var number = try parse(token)
        var jobs = [FF1Job(numerals: number.numerals, tweak: [])]
        do {
            try batcher.run(&jobs, decrypting: true, classify: { _, numerals in SSNRanges.isValid(numerals) })
        } catch {
            throw ValueError(error.reason)
        }
        number.finish(jobs[0].numerals)
        return number.string
    }

    private func parse(_ value: String) throws(ValueError) -> SSNText {
        let number = try SSNText(value)
        if refusesInvalid && !SSNRanges.isValid(number.digits) {
            throw ValueError(Self.invalidReason)
        }
        return number
    }
}
