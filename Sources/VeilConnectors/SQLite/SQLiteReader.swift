import SQLiteDriver
import VeilCore

/// Reads every table of a SQLite database as a stream of COPY-style row batches.
///
/// The database is opened read-only and read inside one transaction, started before the schema is read and
/// ended when the stream is exhausted (or the reader released), so every table comes from the same moment.
/// Values become text: NULL → `nil`, INTEGER → decimal, REAL → the shortest round-tripping decimal (as
/// Swift's `Double.description`; `Infinity`/`NaN` spelled as PostgreSQL does), TEXT as stored, BLOB → `\x` and
/// lowercase hex (PostgreSQL's bytea text form). Each batch carries every field's storage class
/// (``StorageClasses``), so a SQLite target stores the same value with the same `typeof()` whatever the column's
/// declared type. Generated columns are described in the schema but not read.
///
/// Like every `RowSource`, a reader is used from one thread at a time.
public final class SQLiteReader: SubsetQueryableSource, ColumnPassSource {
    /// The database file.
    public let path: String
    private let batchSize: Int
    private let connection: SQLiteConnection
    private let databaseSchema: DatabaseSchema
    private var tableIndex = 0
    private var cursor: TableCursor?
    private var finished = false
    /// Per-table row filters (`veil snapshot`), set before the first `next()`.
    private var rowFilters: [TableName: RowFilter] = [:]

    /// One table being streamed: its query and the next row's number.
    private struct TableCursor {
        var table: TableName
        var statement: SQLiteStatement
        var columnCount: Int
        var nextRowNumber = 1
        var exhausted = false
    }

    /// Opens `path` read-only and reads its schema.
    /// - Parameters:
    ///   - path: a SQLite database file.
    ///   - batchSize: rows per ``RowBatch``.
    /// - Throws: ``VeilError`` with code `.source` if the file is missing or is not a SQLite database.
    public init(path: String, batchSize: Int = 4096) throws {
        self.path = path
        self.batchSize = max(1, batchSize)
        do {
            connection = try SQLiteConnection(path: path, mode: .readOnly)
            try connection.setBusyTimeout(milliseconds: 5000)
            try connection.begin(.deferred)
            databaseSchema = try SQLiteSchemaReader(connection: connection).read()
        } catch let error as SQLiteError {
            throw VeilError(.source, "cannot read SQLite database \(path): \(error.message)")
        }
    }

    deinit {
        if !connection.isAutocommit { try? connection.commit() }
    }

    public func schema() throws -> DatabaseSchema { databaseSchema }

    public var subsetDialect: SubsetDialect { .sqlite }

    /// Runs a query in the reader's read transaction; values as the stream renders them.
    public func subsetQuery(_ sql: String) throws -> [[String?]] {
        try sourceErrors(nil) {
            let statement = try connection.prepare(sql)
            var rows: [[String?]] = []
            while let row = try statement.step() {
                rows.append((0..<row.columnCount).map { SQLiteValueText.field(row, at: $0).field })
            }
            return rows
        }
    }

    public func setRowFilter(_ filter: RowFilter, for table: TableName) {
        rowFilters[table] = filter
    }

    /// `SELECT count(*)` of every table (through its row filter), in the reader's transaction.
    public func expectedRowCounts() throws -> [TableName: Int]? {
        var counts: [TableName: Int] = [:]
        for table in databaseSchema.tables {
            counts[table.name] = try sourceErrors(table.name) {
                var sql = "SELECT count(*) FROM \(SQLiteSyntax.quote(table.name.name))"
                if let condition = rowFilters[table.name]?.condition { sql += " WHERE \(condition)" }
                let statement = try connection.prepare(sql)
                return Int(try statement.step()?.int64(at: 0) ?? 0)
            }
        }
        return counts
    }

    /// How many rows `PRAGMA foreign_key_check` reports: rows whose foreign key has no referenced row.
    public func foreignKeyViolationCount() throws -> Int {
        try sourceErrors(nil) {
            let statement = try connection.prepare("PRAGMA foreign_key_check")
            var count = 0
            while try statement.step() != nil { count += 1 }
            return count
        }
    }

    public func next() throws -> SourceItem? {
        if finished { return nil }
        if var current = cursor {
            if current.exhausted {
                cursor = nil
                tableIndex += 1
                return .endTable(current.table)
            }
            let batch = try readBatch(&current)
            cursor = current
            if !batch.isEmpty { return .rows(batch) }
            return try next()
        }
        guard tableIndex < databaseSchema.tables.count else {
            finished = true
            if !connection.isAutocommit { try? connection.commit() }
            return nil
        }
        let table = databaseSchema.tables[tableIndex]
        let columns = table.columns.filter { !$0.isGenerated }.map(\.name)
        let filter = rowFilters[table.name]
        let list = columns.map { filter?.columnExpressions[$0] ?? SQLiteSyntax.quote($0) }.joined(separator: ", ")
        var sql = "SELECT \(list) FROM \(SQLiteSyntax.quote(table.name.name))"
        if let condition = filter?.condition { sql += " WHERE \(condition)" }
        if let limit = filter?.limit { sql += " LIMIT \(max(0, limit))" }
        let statement = try sourceErrors(table.name) { try connection.prepare(sql) }
        cursor = TableCursor(table: table.name, statement: statement, columnCount: columns.count)
        return .beginTable(TableData(table: table.name, columns: columns, style: .copy))
    }

    /// Reads `columns` of the tables named there with one `SELECT` each, in the reader's transaction (so from the
    /// same moment as the stream), through the tables' row filters.
    public func readColumns(
        _ columns: [TableName: Set<String>], _ body: (TableName, String, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        for table in databaseSchema.tables {
            guard let wanted = columns[table.name] else { continue }
            let names = table.columns.filter { !$0.isGenerated && wanted.contains($0.name) }.map(\.name)
            guard !names.isEmpty else { continue }
            var sql = "SELECT \(SQLiteSyntax.quoteList(names)) FROM \(SQLiteSyntax.quote(table.name.name))"
            if let condition = rowFilters[table.name]?.condition { sql += " WHERE \(condition)" }
            let statement = try sourceErrors(table.name) { try connection.prepare(sql) }
            var pass = TableCursor(table: table.name, statement: statement, columnCount: names.count)
            while !pass.exhausted {
                let batch = try readBatch(&pass)
                try batch.forEachValue(columns: names, wanted: wanted, body)
            }
        }
    }

    private func readBatch(_ cursor: inout TableCursor) throws -> RowBatch {
        var rows: [Row] = []
        rows.reserveCapacity(batchSize)
        var classes = StorageClasses(width: cursor.columnCount, capacity: batchSize)
        let first = cursor.nextRowNumber
        while rows.count < batchSize {
            let step = cursor
            guard let row = try sourceErrors(step.table, row: step.nextRowNumber, { try step.statement.step() }) else {
                cursor.exhausted = true
                break
            }
            var fields: Row = []
            fields.reserveCapacity(cursor.columnCount)
            for index in 0..<cursor.columnCount {
                let value = SQLiteValueText.field(row, at: index)
                fields.append(value.field)
                classes.append(value.storageClass)
            }
            rows.append(fields)
            cursor.nextRowNumber += 1
        }
        return RowBatch(table: cursor.table, rows: rows, firstRowNumber: first, storageClasses: classes)
    }

    /// Runs `body`, turning a driver error into a `.source` error that names the table (and row).
    private func sourceErrors<T>(_ table: TableName?, row: Int? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw VeilError(
                .source, "cannot read SQLite database \(path): \(error.message)",
                location: table.map { VeilError.Location(table: $0, row: row) })
        }
    }
}
