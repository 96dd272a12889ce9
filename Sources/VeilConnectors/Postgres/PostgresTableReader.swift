import PostgresDriver
import VeilCore

/// Reads one table's rows on one connection: `COPY (SELECT cols FROM ONLY t ORDER BY <primary key>) TO STDOUT`
/// (without `ORDER BY` where the caller takes the rows in any order), pulled row by row into batches of the server's own COPY text lines. Generated columns are not read.
///
/// Errors are `.source` ``VeilError``s that name the table and the row reached, never a value.
final class PostgresTableReader {
    let table: TableName
    let columns: [String]
    private let copy: PostgresCopyOut
    private let batchSize: Int
    private var nextRowNumber = 1
    private var lineCheck = CopyLineCheck(rawBytesAreChecked: false)
    /// Bytes of the largest batch so far, to reserve as much for the next.
    private var lastBatchBytes = 0
    private(set) var isExhausted = false
    /// The rows the server sent, as its COPY command tag counted them; set when the table's rows are exhausted.
    private(set) var sentRows: Int?

    /// Starts the table's COPY on `connection`, which stays busy with it until the reader is exhausted or
    /// cancelled.
    /// - Parameters:
    ///   - filter: the rows to read and the columns to read through an expression (`veil snapshot`).
    ///   - columnPass: for a column pass, which reads values as a set: only these columns, in no particular row order
    ///     (no `ORDER BY`: a sequential scan instead of a walk of the key's index, about half the server's work).
    ///   - keyOrder: false to take the rows in the order a sequential scan finds them (a target without row order
    ///     of its own); a filter's `limit` keeps the key's order whatever this says, since it picks the first rows.
    init(
        _ schema: TableSchema, on connection: PostgresConnection, batchSize: Int, filter: RowFilter? = nil,
        columnPass: Set<String>? = nil, keyOrder: Bool = true
    ) throws {
        table = schema.name
        columns = schema.columns.filter { !$0.isGenerated && columnPass?.contains($0.name) != false }.map(\.name)
        self.batchSize = batchSize
        do {
            let list = try columns.map { column in
                try filter?.columnExpressions[column] ?? connection.quoteIdentifier(column)
            }.joined(separator: ", ")
            let name =
                try connection.quoteIdentifier(table.schema) + "." + connection.quoteIdentifier(table.name)
            var sql = "COPY (SELECT \(list) FROM ONLY \(name)"
            if let condition = filter?.condition { sql += " WHERE \(condition)" }
            let ordered = (columnPass == nil && keyOrder) || filter?.limit != nil
            if ordered, let key = schema.primaryKey, !key.isEmpty {
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

    /// The next batch (empty only at the end of the table): the server's COPY text lines as they came, each checked
    /// for its width and its UTF-8 (see ``CopyLineCheck``), decoded only where a rule asks (``CopyTextRows``).
    func nextBatch() throws -> RowBatch {
        var rows = CopyTextRows(width: columns.count, reserving: batchSize, bytes: lastBatchBytes)
        let first = nextRowNumber
        do {
            while rows.count < batchSize {
                guard let line = try copy.nextRow() else {
                    sentRows = try copy.finish()
                    isExhausted = true
                    break
                }
                var count = line.count
                if count > 0 && line[count - 1] == 0x0A { count -= 1 }
                let kept = UnsafeBufferPointer(start: line.baseAddress, count: count)
                if let base = kept.baseAddress {
                    try check(base, count: count)
                } else if columns.count != 1 {
                    throw rowError("the server sent 1 field instead of \(columns.count)")
                }
                rows.append(line: kept)
                nextRowNumber += 1
            }
        } catch let error as PostgresError {
            copy.cancel()
            throw VeilError(
                .source, "the source failed in the middle of the table's rows: \(error.message)",
                location: VeilError.Location(table: table, row: nextRowNumber))
        }
        lastBatchBytes = max(lastBatchBytes, rows.bytes.count)
        return RowBatch(table: table, encoded: rows, firstRowNumber: first)
    }

    /// Refuses a line whose width is not the columns' or whose values are not UTF-8 (a `SQL_ASCII` database).
    private func check(_ line: UnsafePointer<UInt8>, count: Int) throws {
        do {
            try lineCheck.check(line, count: count, width: columns.count)
        } catch .width(let fields) {
            throw rowError("the server sent \(fields) fields instead of \(columns.count)")
        } catch .invalidUTF8 {
            throw rowError("a value is not valid UTF-8")
        }
    }

    private func rowError(_ problem: String) -> VeilError {
        copy.cancel()
        return VeilError(
            .source, "cannot decode a row of the source: \(problem)",
            location: VeilError.Location(table: table, row: nextRowNumber))
    }
}
