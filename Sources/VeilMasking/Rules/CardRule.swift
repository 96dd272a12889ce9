import VeilCore
import VeilCrypto

/// `card`: a payment card number becomes another card number of the same length and layout.
///
/// The digits other than the check digit are encrypted with FF1 (radix 10) under the domain's FPE
/// key, then the check digit is recomputed so the result passes the Luhn check. An input whose check
/// digit is wrong keeps the same error offset (its Luhn sum stays off by the same amount), so the
/// mapping stays one-to-one over all digit strings and ``CardTransformer/reveal(_:)`` recovers any
/// input. Spaces, dashes and any other non-digit characters stay in place; the number of digits is
/// kept, so the network's length survives.
///
/// Parameters:
/// - `keep_bin` (default false): keep the first six digits (the issuer identification number).
/// - `keep_last4` (default false): keep the last four digits. The check digit is then one of the kept
///   digits, so the last *free* digit is the one adjusted to keep the Luhn sum.
///
/// Kept digits form the FF1 tweak. When the encrypted part has fewer than six digits (fewer than 10^6
/// possibilities: for example a 16-digit number with both `keep_bin` and `keep_last4`, or a short
/// partial number), FF1 would be guessable, so those digits are instead redrawn by a keyed one-way
/// mapping (seeded by the HMAC of the digits); the result still has the same layout and Luhn error
/// offset but is neither reversible nor guaranteed one-to-one. Needs a text column: an integer
/// column would lose leading zeros.
public enum CardRule {
    public static let definition = RuleDefinition(
        name: "card",
        summary: "Luhn-valid card number of the same length and layout (FF1 inside); reversible",
        parameters: [
            ParameterDefinition(
                name: "keep_bin", kind: .boolean, defaultValue: .boolean(false),
                summary: "keep the first six digits (issuer)"),
            ParameterDefinition(
                name: "keep_last4", kind: .boolean, defaultValue: .boolean(false),
                summary: "keep the last four digits"),
        ],
        isKeyed: true, isReversible: true, isBijective: true,
        oneWayReason: { arguments in
            guard arguments["keep_bin"] == .boolean(true), arguments["keep_last4"] == .boolean(true) else { return nil }
            return "keeping both BIN and last four leaves fewer than 10^6 free values: a keyed one-way mapping"
        },
        make: { context throws(RuleConfigurationError) in try CardTransformer(context) }
    )
    .withOutputSpace(.digits)
}

/// The `card` rule bound to its options and domain key. See ``CardRule``.
public struct CardTransformer: ReversibleTransformer {
    let batcher: FF1Batcher
    /// Fewest encrypted digits for FF1: 6 (10^6 possibilities).
    let minimumEncrypted: Int
    let keepBIN: Bool
    let keepLast4: Bool
    let shortSeed: KeyedSeed

    /// - Throws: when the column is numeric.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        guard !ColumnType(context.column.type).isNumeric else {
            throw RuleConfigurationError("card needs a text column; a numeric column would lose leading zeros")
        }
        let cipher: FF1
        do {
            cipher = try FF1(key: context.keys.fpeKey, radix: 10)
        } catch {
            throw RuleConfigurationError("FF1 could not be set up for the domain key")
        }
        batcher = FF1Batcher(cipher: cipher)
        minimumEncrypted = max(6, cipher.minimumLength)
        keepBIN = context.boolean("keep_bin") ?? false
        keepLast4 = context.boolean("keep_last4") ?? false
        shortSeed = KeyedSeed(hmac: context.keys.hmac, label: "card.short")
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        var packed = CardPackedNumbers(keepBIN: keepBIN, keepLast4: keepLast4, minimumEncrypted: minimumEncrypted)
        for row in values.indices {
            guard let value = values[row], !value.isEmpty, !packed.add(value, row: row) else { continue }
            // Too few free digits for FF1: a keyed one-way mapping of them.
            var card = parse(value)
            var random = SeededRandom(digest: shortSeed.digest(bytes: card.digits))
            let replaced = OneWayFormatMapping.map(card.encryptedNumerals, radix: 10, random: &random)
            card.finish(encrypted: replaced)
            values[row] = card.string
        }
        do {
            try packed.encrypt(with: batcher.cipher)
        } catch {
            throw MaskingError(rowIndex: packed.rows[error.jobIndex], reason: error.reason)
        }
        packed.write(into: &values)
    }

    public func reveal(_ token: String) throws(ValueError) -> String {
        var card = parse(token)
        guard card.encrypted.count >= minimumEncrypted else {
            throw ValueError("too few free digits to have been encrypted reversibly")
        }
        var jobs = [FF1Job(numerals: card.encryptedNumerals, tweak: card.tweak)]
        do {
            try batcher.run(&jobs, decrypting: true)
        } catch {
            throw ValueError(error.reason)
        }
        card.finish(encrypted: jobs[0].numerals)
        return card.string
    }

    private func parse(_ value: String) -> CardNumber {
        CardNumber(value, keepBIN: keepBIN, keepLast4: keepLast4)
    }
}
