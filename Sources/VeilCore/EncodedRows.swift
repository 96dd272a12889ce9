/// Rows kept as their source wrote them (PostgreSQL's COPY text: one buffer of lines with the offset of each),
/// decoded only where asked. A source that reads COPY text hands its batches over in this form, so that a field no
/// rule changes is never decoded and goes out as the same bytes.
///
/// Every row holds ``width`` fields: the source refuses a row of another width before it builds the batch.
public protocol EncodedRows: Sendable {
    /// The number of rows.
    var count: Int { get }
    /// The number of fields of every row.
    var width: Int { get }
    /// Field `column` of row `row`, decoded; nil for NULL.
    func field(row: Int, column: Int) -> Field
    /// Field `column` of every row, decoded, in row order.
    func column(_ column: Int) -> [Field]
    /// Fields `columns` of every row, decoded, one array per column in the order asked (nil past the width).
    func columns(_ columns: [Int]) -> [[Field]]
    /// Every field of row `row`, decoded.
    func row(_ row: Int) -> Row
    /// Calls `body` with the row, column and bytes (escapes resolved; valid only during the call) of every non-NULL
    /// field whose column is `true` in `wanted` (one flag per column), row by row.
    func forEachField(
        inColumns wanted: [Bool], _ body: (_ row: Int, _ column: Int, UnsafeRawBufferPointer) throws -> Void
    ) throws
    /// Appends every row as a COPY text line (with its newline): the source's own bytes, except the columns in
    /// `replaced`, whose values (one per row) are encoded in their place.
    func appendCopyText(replacing replaced: [Int: MaskedValues], to output: inout [UInt8])
}

extension EncodedRows {
    /// One column at a time; an encoding that can find several fields of a row in one pass does better.
    public func columns(_ columns: [Int]) -> [[Field]] {
        columns.map { $0 < width ? column($0) : Array(repeating: nil, count: count) }
    }
}
