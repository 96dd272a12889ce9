import VeilCore

/// The per-row seeds of rules that can move every value of one entity alike (`shift_date` and `noise` with `by:`).
///
/// With `by:` a row's seed is its related column's value (`by\0` + value), so every date or amount of one customer
/// moves by the same draw; without it the seed is the value itself (`value\0` + value). The labels keep the two
/// seed spaces apart.
enum EntitySeeds {
    /// Replaces every non-NULL, non-empty value with `transform(value, seed)`.
    /// - Parameters:
    ///   - related: the rule's related columns, row-aligned with `values` (the `by:` column first when `by` is set).
    ///   - by: the `by:` column's name, or nil.
    /// - Throws: ``MaskingError`` naming the row whose value `transform` refused, or row 0 when the `by:` column's
    ///   values are missing.
    static func transformEach(
        _ values: inout [Field], related: [[Field]], by: String?,
        _ transform: (_ value: String, _ seed: String) throws(ValueError) -> String
    ) throws(MaskingError) {
        var seeds: [Field]?
        if by != nil {
            guard let column = related.first, column.count == values.count else {
                throw MaskingError(rowIndex: 0, reason: "the by column's values were not supplied row-aligned")
            }
            seeds = column
        }
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            let seed = seeds?[row].map { "by\u{0}" + $0 } ?? "value\u{0}" + value
            do {
                values[row] = try transform(value, seed)
            } catch {
                throw MaskingError(rowIndex: row, reason: error.reason)
            }
        }
    }
}
