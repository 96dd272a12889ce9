/// One field: the value in PostgreSQL's COPY text meaning (already unescaped), or `nil` for NULL.
public typealias Field = String?

/// One row: fields in the order of the table data's columns.
public typealias Row = [Field]

/// A chunk of consecutive rows of one table, the unit that flows through the pipeline.
///
/// Batches hold thousands of rows, never a whole table, so memory stays bounded.
public struct RowBatch: Sendable {
    public var table: TableName
    public var rows: [Row]
    /// 1-based number of the first row of this batch within its table's data, for error messages.
    public var firstRowNumber: Int
    /// For sources that group rows into statements (multi-row INSERTs): how many rows each
    /// statement held, in order, summing to `rows.count`. Empty when rows are not grouped (COPY).
    public var statementSizes: [Int]
    /// For sources whose values have storage classes (SQLite): each field's class, so that a sink that has them too
    /// stores the same value. `nil` when the source has none.
    public var storageClasses: StorageClasses?

    public init(
        table: TableName, rows: [Row], firstRowNumber: Int, statementSizes: [Int] = [],
        storageClasses: StorageClasses? = nil
    ) {
        self.table = table
        self.rows = rows
        self.firstRowNumber = firstRowNumber
        self.statementSizes = statementSizes
        self.storageClasses = storageClasses
    }
}
