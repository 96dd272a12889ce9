import VeilCore
import VeilCrypto

/// `uuid`: a UUID becomes another UUID of the same textual form, version and variant.
///
/// The 30 hex digits other than the version nibble (digit 12) and the variant nibble (digit 16) are
/// encrypted with FF1 (radix 16) under the domain's FPE key, tweaked by the version and the variant;
/// then the variant nibble's free bits (2 for RFC 4122/9562 UUIDs, 3 for the NCS variant, 1 for the
/// Microsoft and reserved variants) are shifted by a keyed offset derived from the new hex digits (see
/// ``GroupedFormatCipher``). The variant nibble's fixed leading bits and the version nibble stay as they
/// are, so a v4 UUID stays a valid v4 UUID (all 122 random bits change) and a v7 keeps its version
/// (its timestamp is encrypted too). The whole is a permutation of the UUIDs of each version and
/// variant: one-to-one, and ``UUIDTransformer/reveal(_:)`` recovers the input.
///
/// Forms: hyphenated `8-4-4-4-12` or 32 plain hex digits, optionally in braces; hyphens and braces are
/// kept. Output hex letters are upper case when the input's letters all are, else lower case (so a
/// mixed-case input reveals in lower case). Anything else is an error naming the row. No parameters.
///
/// Writes `uuid` columns and text columns.
public enum UUIDRule {
    public static let definition = RuleDefinition(
        name: "uuid",
        summary: "UUID of the same form, version and variant (FF1 over the 122 free bits); reversible",
        isKeyed: true, isReversible: true, isBijective: true,
        make: { context throws(RuleConfigurationError) in try UUIDTransformer(context) }
    )
    .withOutputSpace(.shapes([.mixed, .digits, .words]))
}

/// The `uuid` rule bound to its domain key. See ``UUIDRule``.
public struct UUIDTransformer: ReversibleTransformer {
    let cipher: GroupedFormatCipher

    /// - Throws: when the column is neither `uuid` nor text.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        guard UUIDText.isUUIDColumn(context.column.type) || ColumnType(context.column.type).isTextual else {
            throw RuleConfigurationError("uuid needs a uuid or text column")
        }
        cipher = try GroupedFormatCipher(
            fpeKey: context.keys.fpeKey, hmac: context.keys.hmac, label: "uuid", radices: [16])
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        guard let packed = try packed(values) else { return try transformGenerally(&values) }
        packed.write(into: &values)
    }

    /// The byte path: the packed path's UUIDs written into the batch's column; a batch the general path takes is
    /// copied in.
    public func transformedBytes(_ values: [Field], related: [[Field]]) throws(MaskingError) -> ByteColumn? {
        guard let packed = try packed(values) else {
            var masked = values
            try transformGenerally(&masked)
            return ByteColumn(masked)
        }
        return packed.written(values)
    }

    /// Every non-empty value read and encrypted on the packed path; nil when the general path must take the batch
    /// (a value that is not a UUID, which it names by row).
    private func packed(_ values: [Field]) throws(MaskingError) -> UUIDPackedValues? {
        guard var packed = UUIDPackedValues(cipher: cipher) else { return nil }
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            guard packed.add(value, row: row) else { return nil }
        }
        do {
            try packed.encrypt()
        } catch {
            throw MaskingError(rowIndex: packed.rows[error.jobIndex], reason: error.reason)
        }
        return packed
    }

    /// The general path: each UUID as a ``UUIDText`` and its numeral groups through ``GroupedFormatCipher``.
    func transformGenerally(_ values: inout [Field]) throws(MaskingError) {
        var uuids: [UUIDText] = []
        var rows: [Int] = []
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            do {
                uuids.append(try UUIDText(value))
            } catch {
                throw MaskingError(rowIndex: row, reason: error.reason)
            }
            rows.append(row)
        }
        var groups = uuids.map(\.groups)
        do {
            try cipher.run(&groups, contexts: uuids.map(\.context))
        } catch {
            throw MaskingError(rowIndex: rows[error.jobIndex], reason: error.reason)
        }
        for index in uuids.indices {
            uuids[index].finish(groups[index])
            values[rows[index]] = uuids[index].string
        }
    }

    public func reveal(_ token: String) throws(ValueError) -> String {
        var uuid = try UUIDText(token)
        var groups = [uuid.groups]
        do {
            try cipher.run(&groups, contexts: [uuid.context], decrypting: true)
        } catch {
            throw ValueError(error.reason)
        }
        uuid.finish(groups[0])
        return uuid.string
    }
}
