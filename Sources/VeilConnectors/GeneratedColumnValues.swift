import VeilCore

/// Computes the values of a table's generated columns from the values of its other columns, for a target that
/// stores values rather than expressions (a CSV folder). Sources never stream generated columns (their values are
/// derived, and may be derived from a column that is masked); such a target recomputes them from the row as it is
/// written, so a generated column of a masked column holds the masked value's derivation, never the original's.
public protocol GeneratedColumnValues: AnyObject {
    /// Learns the schema of the stream before its first row (the target's ``RowSink/begin(schema:)``).
    /// - Throws: ``VeilError`` `.target` when a generated column cannot be computed, naming table and column.
    func begin(schema: DatabaseSchema) throws

    /// The generated columns of `table` this can compute, in the table's column order (empty for none).
    func generatedColumns(of table: TableName) -> [String]

    /// For each row of `batch` (whose fields are `columns`, in order), the values of
    /// ``generatedColumns(of:)`` of its table, in that order.
    /// - Throws: ``VeilError`` `.target` naming the table and row, never a value.
    func values(of batch: RowBatch, columns: [String]) throws -> [[Field]]
}
