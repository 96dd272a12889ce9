import PostgresDriver
import VeilCore

/// Reads one table's rows on one connection: `COPY (SELECT cols FROM ONLY t ORDER BY <primary key>) TO STDOUT`,
/// pulled row by row and decoded from COPY text into batches. Generated columns are not read.
///
/// Errors are `.source` ``VeilError``s that name the table and the row reached, never a value.
final class PostgresTableReader {
    let table: TableName
    let columns: [String]
    private let copy: PostgresCopyOut
    private let batchSize: Int
    private var nextRowNumber = 1
    private var scratch: [UInt8] = []
    private(set) var isExhausted = false

    /// Starts the table's COPY on `connection`, which stays busy with it until the reader is exhausted or
    /// cancelled.
    /// - Parameter filter: the rows to read and the columns to read through an expression (`veil snapshot`).
    init(_ schema: TableSchema, on connection: PostgresConnection, batchSize: Int, filter: RowFilter? = nil) throws {
        table = schema.name
        columns = schema.columns.filter { !$0.isGenerated }.map(\.name)
        self.batchSize = batchSize
        do {
            let list = try columns.map { column in
                try filter?.columnExpressions[column] ?? connection.quoteIdentifier(column)
            }.joined(separator: ", ")
            let name =
                try connection.quoteIdentifier(table.schema) + "." + connection.quoteIdentifier(table.name)
            var sql = "COPY (SELECT \(list) FROM ONLY \(name)"
            if let condition = filter?.condition { sql += " WHERE \(condition)" }
            if let key = schema.primaryKey, !key.isEmpty {
                sql += " ORDER BY " + (try key.map { try connection.quoteIdentifier($0) }.joined(separator: ", "))
            }
            if let limit = filter?.limit { sql += " LIMIT \(max(0, limit))" }
            sql += ") TO STDOUT"
            copy = try connection.startCopyOut(sql)
        } catch let error as PostgresError {
            if let refusal = RowSecurity.refusal(error, reading: table, code: .source, place: "the source") {
                throw refusal
            }
            if error.isUndefinedTable {
                throw VeilError(.source, "table \(table) disappeared from the source after its schema was read")
            }
            throw VeilError(.source, "cannot read table \(table): \(error.message)")
        }
    }

    /// Stops the COPY early (the connection is usable again afterwards).
    func cancel() {
        copy.cancel()
    }

    /// The next batch (empty only at the end of the table).
    func nextBatch() throws -> RowBatch {
        var rows: [Row] = []
        rows.reserveCapacity(batchSize)
        let first = nextRowNumber
        do {
            while rows.count < batchSize {
                guard let line = try copy.nextRow() else {
                    try copy.finish()
                    isExhausted = true
                    break
                }
                rows.append(try decode(line))
                nextRowNumber += 1
            }
        } catch let error as PostgresError {
            copy.cancel()
            throw VeilError(
                .source, "the source failed in the middle of the table's rows: \(error.message)",
                location: VeilError.Location(table: table, row: nextRowNumber))
        }
        return RowBatch(table: table, rows: rows, firstRowNumber: first)
    }

    /// One COPY text line (with its newline) as a row of `columns.count` fields.
    private func decode(_ line: UnsafeBufferPointer<UInt8>) throws -> Row {
        var count = line.count
        if count > 0 && line[count - 1] == 0x0A { count -= 1 }
        var row: Row = []
        row.reserveCapacity(columns.count)
        if let base = line.baseAddress {
            do {
                try CopyText.decodeRow(base, count: count, into: &row, scratch: &scratch)
            } catch {
                throw rowError("a value is not valid UTF-8")
            }
        } else {
            row.append("")
        }
        guard row.count == columns.count else {
            throw rowError("the server sent \(row.count) fields instead of \(columns.count)")
        }
        return row
    }

    private func rowError(_ problem: String) -> VeilError {
        copy.cancel()
        return VeilError(
            .source, "cannot decode a row of the source: \(problem)",
            location: VeilError.Location(table: table, row: nextRowNumber))
    }
}
