/// One field: the value in PostgreSQL's COPY text meaning (already unescaped), or `nil` for NULL.
public typealias Field = String?

/// One row: fields in the order of the table data's columns.
public typealias Row = [Field]

/// A chunk of consecutive rows of one table, the unit that flows through the pipeline.
///
/// Batches hold thousands of rows, never a whole table, so memory stays bounded. Code that is not a source reads
/// and changes a batch through its accessors — by column (``column(_:)``, ``replaceColumn(_:with:)``), by row
/// (``row(_:)``) or by field (``field(row:column:)``) — never through its storage. A batch holds either decoded
/// rows or the source's own bytes (``EncodedRows``: COPY text lines with their offsets, as postgres-nio's `DataRow`
/// keeps a row's bytes and GRDB's `Row` decodes on demand): then a column is decoded only when asked for, a replaced
/// column is kept beside the bytes, and a COPY text sink writes the untouched fields back as the same bytes
/// (``encoded``).
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
    private var storage: Storage

    private enum Storage: Sendable {
        case decoded([Row])
        /// The source's bytes, and the columns replaced since (one value per row).
        case encoded(any EncodedRows, replaced: [Int: MaskedValues])
    }

    public init(
        table: TableName, rows: [Row], firstRowNumber: Int, statementSizes: [Int] = [],
        storageClasses: StorageClasses? = nil
    ) {
        self.table = table
        self.storage = .decoded(rows)
        self.firstRowNumber = firstRowNumber
        self.statementSizes = statementSizes
        self.storageClasses = storageClasses
    }

    /// A batch of rows kept as the source wrote them.
    public init(table: TableName, encoded rows: any EncodedRows, firstRowNumber: Int) {
        self.table = table
        self.storage = .encoded(rows, replaced: [:])
        self.firstRowNumber = firstRowNumber
        self.statementSizes = []
        self.storageClasses = nil
    }

    /// The number of rows.
    public var count: Int {
        switch storage {
        case .decoded(let rows): rows.count
        case .encoded(let rows, _): rows.count
        }
    }

    public var isEmpty: Bool { count == 0 }

    /// The number of fields row `row` carries: the table data's column count, unless the source row is damaged.
    public func width(ofRow row: Int) -> Int {
        switch storage {
        case .decoded(let rows): rows[row].count
        case .encoded(let rows, _): rows.width
        }
    }

    /// Field `column` of row `row`; nil for NULL and for a column past the row's end.
    public func field(row: Int, column: Int) -> Field {
        switch storage {
        case .decoded(let rows):
            let fields = rows[row]
            return column < fields.count ? fields[column] : nil
        case .encoded(let rows, let replaced):
            guard column < rows.width else { return nil }
            if let values = replaced[column] { return values[row] }
            return rows.field(row: row, column: column)
        }
    }

    /// Every field of row `row`, in column order.
    public func row(_ row: Int) -> Row {
        switch storage {
        case .decoded(let rows):
            return rows[row]
        case .encoded(let rows, let replaced):
            var fields = rows.row(row)
            for (column, values) in replaced { fields[column] = values[row] }
            return fields
        }
    }

    /// Every row, decoded: for sinks and checks that need each row whole. Prefer ``column(_:)`` for one column.
    public var rows: [Row] {
        switch storage {
        case .decoded(let rows): rows
        case .encoded: (0..<count).map(row)
        }
    }

    /// Field `column` of every row, in row order (nil past a row's end).
    public func column(_ column: Int) -> [Field] {
        switch storage {
        case .decoded(let rows):
            return rows.map { column < $0.count ? $0[column] : nil }
        case .encoded(let rows, let replaced):
            guard column < rows.width else { return Array(repeating: nil, count: rows.count) }
            return replaced[column]?.fields ?? rows.column(column)
        }
    }

    /// Fields `columns` of every row, one array per column in the order asked: the same as ``column(_:)`` for each,
    /// but a batch of source bytes finds them all in one pass over each row.
    public func columns(_ columns: [Int]) -> [[Field]] {
        guard case .encoded(let rows, let replaced) = storage, columns.count > 1 else { return columns.map(column) }
        let pending = columns.filter { replaced[$0] == nil }
        var decoded = Dictionary(zip(pending, rows.columns(pending)), uniquingKeysWith: { first, _ in first })
        for column in columns where decoded[column] == nil {
            if let values = replaced[column] { decoded[column] = values.fields }
        }
        return columns.map { decoded[$0]! }
    }

    /// Replaces field `column` of every row with `values` (one per row, in row order). A row too short to hold the
    /// column is left as it is.
    public mutating func replaceColumn(_ column: Int, with values: [Field]) {
        replaceColumn(column, with: .fields(values))
    }

    /// Replaces field `column` of every row with `values` (one per row, in row order): a batch of source bytes keeps
    /// values written as bytes as they are. A row too short to hold the column is left as it is.
    public mutating func replaceColumn(_ column: Int, with values: MaskedValues) {
        precondition(values.count == count, "one value per row")
        switch storage {
        case .decoded(var rows):
            storage = .decoded([])
            for index in rows.indices where column < rows[index].count { rows[index][column] = values[index] }
            storage = .decoded(rows)
        case .encoded(let rows, var replaced):
            guard column < rows.width else { return }
            replaced[column] = values
            storage = .encoded(rows, replaced: replaced)
        }
    }

    /// The source's bytes and the columns replaced since, when the batch holds them (a COPY text source): a COPY
    /// text sink appends them as they are (``EncodedRows/appendCopyText(replacing:to:)``) instead of encoding rows.
    public var encoded: (rows: any EncodedRows, replaced: [Int: MaskedValues])? {
        guard case .encoded(let rows, let replaced) = storage else { return nil }
        return (rows, replaced)
    }
}
