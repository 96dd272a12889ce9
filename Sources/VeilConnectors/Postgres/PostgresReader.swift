import PostgresDriver
import VeilCore

/// Reads every table of a live PostgreSQL database as a stream of COPY-style row batches.
///
/// One connection is opened and a `REPEATABLE READ READ ONLY` transaction begun before the schema is read, so every
/// table comes from the same moment. The schema comes from `pg_catalog` (see ``PostgresSchemaReader``). Each
/// ordinary table's non-generated columns are read with `COPY (SELECT ... FROM ONLY t ORDER BY <primary key>) TO
/// STDOUT`, pulled row by row and decoded from COPY text; partitioned parents hold no rows of their own and stream
/// nothing (their partitions stream as tables). Values keep PostgreSQL's text form. No passthrough items.
///
/// Errors are `.source` ``VeilError``s that name the table and row reached, never a value or a password. Like every
/// `RowSource`, a reader is used from one thread at a time.
public final class PostgresReader: RowSource {
    private let batchSize: Int
    private let connection: PostgresConnection
    private let databaseSchema: DatabaseSchema
    /// The tables whose rows are read, in schema order.
    private let dataTables: [TableSchema]
    private var tableIndex = 0
    private var cursor: TableCursor?
    private var finished = false
    private var scratch: [UInt8] = []
    /// The id of the snapshot the rows are read from (`pg_export_snapshot()`), for other sessions that must see
    /// the same moment (`pg_dump --snapshot`, row counts). Importable until the reader has read its last table.
    public let snapshotID: String

    /// One table being streamed.
    private struct TableCursor {
        var table: TableName
        var copy: PostgresCopyOut
        var columnCount: Int
        var nextRowNumber = 1
        var exhausted = false
    }

    /// Connects, begins the snapshot transaction and reads the schema.
    /// - Parameters:
    ///   - conninfo: a `postgresql://` URL or `key=value` conninfo string (every libpq setting passes through).
    ///   - batchSize: rows per ``RowBatch``.
    /// - Throws: ``VeilError`` with code `.source` when the server cannot be reached, refuses the login or the
    ///   catalog cannot be read. The message never contains the password.
    public init(conninfo: String, batchSize: Int = 4096) throws {
        self.batchSize = max(1, batchSize)
        do {
            connection = try PostgresConnection(conninfo: conninfo)
        } catch let error as PostgresError {
            throw VeilError(.source, "cannot connect to the source: \(error.message)")
        }
        do {
            try connection.begin(isolation: .repeatableRead, readOnly: true)
            snapshotID = try connection.exportSnapshot()
            let tables = try PostgresSchemaReader(connection: connection).read()
            databaseSchema = DatabaseSchema(tables: tables.map(\.schema))
            dataTables = tables.filter { !$0.isPartitioned }.map(\.schema)
        } catch let error as PostgresError {
            throw VeilError(.source, "cannot read the source's schema: \(error.message)")
        }
    }

    deinit {
        cursor?.copy.cancel()
        cursor = nil
        if connection.transactionStatus == .inTransaction { try? connection.rollback() }
    }

    public func schema() throws -> DatabaseSchema { databaseSchema }

    /// Always `nil`: exact counts would scan every table, and estimates are not counts.
    public func expectedRowCounts() throws -> [TableName: Int]? { nil }

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
            if !batch.rows.isEmpty { return .rows(batch) }
            return try next()
        }
        guard tableIndex < dataTables.count else {
            finished = true
            if connection.transactionStatus == .inTransaction { try? connection.commit() }
            return nil
        }
        let table = dataTables[tableIndex]
        let columns = table.columns.filter { !$0.isGenerated }.map(\.name)
        let copy = try startCopy(table, columns: columns)
        cursor = TableCursor(table: table.name, copy: copy, columnCount: columns.count)
        return .beginTable(TableData(table: table.name, columns: columns, style: .copy))
    }

    /// `COPY (SELECT cols FROM ONLY t [ORDER BY pk]) TO STDOUT`, started.
    private func startCopy(_ table: TableSchema, columns: [String]) throws -> PostgresCopyOut {
        do {
            let list = try columns.map { try connection.quoteIdentifier($0) }.joined(separator: ", ")
            let name =
                try connection.quoteIdentifier(table.name.schema) + "." + connection.quoteIdentifier(table.name.name)
            var sql = "COPY (SELECT \(list) FROM ONLY \(name)"
            if let key = table.primaryKey, !key.isEmpty {
                sql += " ORDER BY " + (try key.map { try connection.quoteIdentifier($0) }.joined(separator: ", "))
            }
            sql += ") TO STDOUT"
            return try connection.startCopyOut(sql)
        } catch let error as PostgresError {
            if error.isUndefinedTable {
                throw VeilError(.source, "table \(table.name) disappeared from the source after its schema was read")
            }
            throw VeilError(.source, "cannot read table \(table.name): \(error.message)")
        }
    }

    private func readBatch(_ cursor: inout TableCursor) throws -> RowBatch {
        var rows: [Row] = []
        rows.reserveCapacity(batchSize)
        let first = cursor.nextRowNumber
        do {
            while rows.count < batchSize {
                guard let line = try cursor.copy.nextRow() else {
                    try cursor.copy.finish()
                    cursor.exhausted = true
                    break
                }
                rows.append(try decode(line, cursor))
                cursor.nextRowNumber += 1
            }
        } catch let error as PostgresError {
            cursor.copy.cancel()
            throw VeilError(
                .source,
                "the source failed in the middle of the table's rows: \(error.message)",
                location: VeilError.Location(table: cursor.table, row: cursor.nextRowNumber))
        }
        return RowBatch(table: cursor.table, rows: rows, firstRowNumber: first)
    }

    /// One COPY text line (with its newline) as a row of `cursor.columnCount` fields.
    private func decode(_ line: UnsafeBufferPointer<UInt8>, _ cursor: TableCursor) throws -> Row {
        var count = line.count
        if count > 0 && line[count - 1] == 0x0A { count -= 1 }
        var row: Row = []
        row.reserveCapacity(cursor.columnCount)
        if let base = line.baseAddress {
            do {
                try CopyText.decodeRow(base, count: count, into: &row, scratch: &scratch)
            } catch {
                throw rowError("a value is not valid UTF-8", cursor)
            }
        } else {
            row.append("")
        }
        guard row.count == cursor.columnCount else {
            throw rowError("the server sent \(row.count) fields instead of \(cursor.columnCount)", cursor)
        }
        return row
    }

    private func rowError(_ problem: String, _ cursor: TableCursor) -> VeilError {
        cursor.copy.cancel()
        return VeilError(
            .source, "cannot decode a row of the source: \(problem)",
            location: VeilError.Location(table: cursor.table, row: cursor.nextRowNumber))
    }
}
