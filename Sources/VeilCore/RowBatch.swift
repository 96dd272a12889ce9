/// One field: the value in PostgreSQL's COPY text meaning (already unescaped), or `nil` for NULL.
public typealias Field = String?

/// One row: fields in the order of the table data's columns.
public typealias Row = [Field]

/// A chunk of consecutive rows of one table, the unit that flows through the pipeline.
///
/// Batches hold thousands of rows, never a whole table, so memory stays bounded. Code that is not a source reads
/// and changes a batch through its accessors — by column (``column(_:)``, ``replaceColumn(_:with:)``), by row
/// (``row(_:)``) or by field (``field(row:column:)``) — never through its storage, so the storage can hold the
/// source's own bytes and decode only what is asked for (as postgres-nio's `DataRow` and GRDB's `Row` do).
public struct RowBatch: Sendable {
    public var table: TableName
    /// 1-based number of the first row of this batch within its table's data, for error messages.
    public var firstRowNumber: Int
    /// For sources that group rows into statements (multi-row INSERTs): how many rows each
    /// statement held, in order, summing to ``count``. Empty when rows are not grouped (COPY).
    public var statementSizes: [Int]
    /// For sources whose values have storage classes (SQLite): each field's class, so that a sink that has them too
    /// stores the same value. `nil` when the source has none.
    public var storageClasses: StorageClasses?
    private var storage: [Row]

    public init(
        table: TableName, rows: [Row], firstRowNumber: Int, statementSizes: [Int] = [],
        storageClasses: StorageClasses? = nil
    ) {
        self.table = table
        self.storage = rows
        self.firstRowNumber = firstRowNumber
        self.statementSizes = statementSizes
        self.storageClasses = storageClasses
    }

    /// The number of rows.
    public var count: Int { storage.count }

    public var isEmpty: Bool { storage.isEmpty }

    /// The number of fields row `row` carries: the table data's column count, unless the source row is damaged.
    public func width(ofRow row: Int) -> Int { storage[row].count }

    /// Field `column` of row `row`; nil for NULL and for a column past the row's end.
    public func field(row: Int, column: Int) -> Field {
        let fields = storage[row]
        return column < fields.count ? fields[column] : nil
    }

    /// Every field of row `row`, in column order.
    public func row(_ row: Int) -> Row { storage[row] }

    /// Every row, decoded: for sinks and checks that need each row whole. Prefer ``column(_:)`` for one column.
    public var rows: [Row] { storage }

    /// Field `column` of every row, in row order (nil past a row's end).
    public func column(_ column: Int) -> [Field] {
        storage.map { column < $0.count ? $0[column] : nil }
    }

    /// Replaces field `column` of every row with `values` (one per row, in row order). A row too short to hold the
    /// column is left as it is.
    public mutating func replaceColumn(_ column: Int, with values: [Field]) {
        precondition(values.count == storage.count, "one value per row")
        for index in storage.indices where column < storage[index].count {
            storage[index][column] = values[index]
        }
    }
}
