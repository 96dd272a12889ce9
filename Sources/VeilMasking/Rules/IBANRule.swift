import VeilCore
import VeilCrypto

/// `iban`: an IBAN becomes another IBAN of the same country, length and layout that passes ISO 13616's
/// mod-97 check.
///
/// The country code is kept; the BBAN's digits stay digits and its letters stay letters (each in its
/// own case), spaces and dashes stay in place. The free digits are whitened by a keyed stream derived
/// from the country, the BBAN's digit/letter layout, any kept bank code and the letters (when there are
/// letters), then encrypted with FF1 (radix 10) under the domain's FPE key, tweaked by the country and
/// kept bank code; then the letters are handled the same way with FF1 radix 26 (whitened by the new
/// digits) when there are at least five of them, or shifted by a keyed offset derived from the new digits
/// when there are fewer (see ``GroupedFormatCipher``). Together this is a permutation of the IBANs of
/// each layout.
/// Finally the check digits are recomputed. An input whose check digits are wrong keeps the same error:
/// check digits 02...98 keep their offset (mod 97) from the correct ones and 00, 01, 99 stay as they are,
/// so valid inputs give valid outputs, the rule is one-to-one over every input, and
/// ``IBANTransformer/reveal(_:)`` recovers any input, its check digits included. National check digits
/// inside the BBAN (France's RIB key, Italy's CIN...) are not recomputed.
///
/// Inputs: electronic (`DE89370400440532013000`) or print form (`DE89 3704 0044 0532 0130 00`), any case.
/// A country of ``IBANRegistry`` (about 70, every SEPA country among them) must have its registered
/// length; other countries are accepted with 8 to 34 characters. Anything else is an error naming the row.
///
/// Parameters:
/// - `keep_bank` (default false): keep the first four BBAN characters (for most countries the bank
///   code, or its start) so masked accounts stay at their bank; they become part of the tweak.
///
/// When the free part holds fewer than 6 digits and fewer than 5 letters (no registry IBAN does, even
/// with `keep_bank`; only a short IBAN of an unlisted country can), FF1 would be guessable: those
/// characters are redrawn by a keyed one-way mapping instead (same layout and check-digit error, not
/// reversible). Needs a text column.
public enum IBANRule {
    public static let definition = RuleDefinition(
        name: "iban",
        summary: "mod-97-valid IBAN of the same country, length and layout (FF1 inside); reversible",
        parameters: [
            ParameterDefinition(
                name: "keep_bank", kind: .boolean, defaultValue: .boolean(false),
                summary: "keep the first four BBAN characters (the bank code)")
        ],
        isKeyed: true, isReversible: true, isBijective: true,
        make: { context throws(RuleConfigurationError) in try IBANTransformer(context) }
    )
    .withOutputSpace(.shapes([.mixed, .digits]))
}

/// The `iban` rule bound to its option and domain key. See ``IBANRule``.
public struct IBANTransformer: ReversibleTransformer {
    let cipher: GroupedFormatCipher
    let keepBank: Bool
    let shortSeed: KeyedSeed

    /// - Throws: when the column cannot hold text.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        guard ColumnType(context.column.type).isTextual else {
            throw RuleConfigurationError("iban needs a text column")
        }
        cipher = try GroupedFormatCipher(
            fpeKey: context.keys.fpeKey, hmac: context.keys.hmac, label: "iban", radices: [10, 26])
        keepBank = context.boolean("keep_bank") ?? false
        shortSeed = KeyedSeed(hmac: context.keys.hmac, label: "iban.short")
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        try transform(&values, takingPackedPath: true)
    }

    /// Masks `values`; IBANs whose free part is all digits go through ``IBANPackedDigits`` unless
    /// `takingPackedPath` is false (tests compare the two paths).
    func transform(_ values: inout [Field], takingPackedPath: Bool) throws(MaskingError) {
        var packed = IBANPackedDigits(keepBank: keepBank)
        let packedCipher = takingPackedPath ? cipher.cipher(radix: 10) : nil
        var ibans: [IBANText] = []
        var groups: [[NumeralGroup]] = []
        var rows: [Int] = []
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            if packedCipher != nil && packed.add(value, row: row) { continue }
            var iban: IBANText
            do {
                iban = try IBANText(value, keepBank: keepBank)
            } catch {
                throw MaskingError(rowIndex: row, reason: error.reason)
            }
            let free = iban.groups
            if GroupedFormatCipher.isReversible(free) {
                ibans.append(iban)
                groups.append(free)
                rows.append(row)
            } else {
                let computed = iban.computedCheckDigits
                var random = SeededRandom(digest: shortSeed.digest(bytes: iban.country + iban.bban))
                let replaced = free.map { group in
                    NumeralGroup(
                        radix: group.radix,
                        numerals: OneWayFormatMapping.map(group.numerals, radix: group.radix, random: &random))
                }
                iban.finish(replaced, carryingFrom: computed)
                values[row] = iban.string
            }
        }
        do {
            try cipher.run(&groups, contexts: ibans.map(\.context), tweaks: ibans.map(\.tweak))
        } catch {
            throw MaskingError(rowIndex: rows[error.jobIndex], reason: error.reason)
        }
        for index in ibans.indices {
            let computed = ibans[index].computedCheckDigits
            ibans[index].finish(groups[index], carryingFrom: computed)
            values[rows[index]] = ibans[index].string
        }
        guard let packedCipher else { return }
        do {
            try packed.encrypt(with: packedCipher)
        } catch {
            throw MaskingError(rowIndex: packed.rows[error.jobIndex], reason: error.reason)
        }
        packed.write(into: &values)
    }

    public func reveal(_ token: String) throws(ValueError) -> String {
        var iban = try IBANText(token, keepBank: keepBank)
        var groups = [iban.groups]
        guard GroupedFormatCipher.isReversible(groups[0]) else {
            throw ValueError("too few free characters to have been encrypted reversibly")
        }
        let computed = iban.computedCheckDigits
        do {
            try cipher.run(&groups, contexts: [iban.context], tweaks: [iban.tweak], decrypting: true)
        } catch {
            throw ValueError(error.reason)
        }
        iban.finish(groups[0], carryingFrom: computed)
        return iban.string
    }
}
