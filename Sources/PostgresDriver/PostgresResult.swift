internal import CLibPQ

/// The result of one statement: its rows in text format and its command status.
///
/// Owns a libpq `PGresult` and frees it (`PQclear`) in `deinit`. A result is immutable once received, and libpq
/// allows reading a `PGresult` from any thread, so it is `Sendable` even though it wraps a C pointer.
public final class PostgresResult: @unchecked Sendable {
    let handle: OpaquePointer

    /// Takes ownership of `handle`.
    init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQclear(handle)
    }

    /// Number of rows returned (0 for a command that returns none).
    public var rowCount: Int { Int(PQntuples(handle)) }

    /// Number of columns of each row.
    public var columnCount: Int { Int(PQnfields(handle)) }

    /// The command tag, e.g. `SELECT 3`, `INSERT 0 1`, `COPY 100`, `CREATE TABLE`.
    public var commandStatus: String { String(cString: PQcmdStatus(handle)) }

    /// The number of rows the command affected (INSERT, UPDATE, DELETE, MERGE, SELECT, COPY...), if it says.
    public var affectedRowCount: Int? { Int(String(cString: PQcmdTuples(handle))) }

    /// The name of column `index` (0-based).
    public func columnName(at index: Int) -> String {
        precondition(index >= 0 && index < columnCount, "column index out of range")
        return String(cString: PQfname(handle, Int32(index)))
    }

    /// The index of the column named `name`, or nil.
    public func columnIndex(named name: String) -> Int? {
        (0..<columnCount).first { columnName(at: $0) == name }
    }

    /// The type OID of column `index` (e.g. 23 for int4, 25 for text).
    public func columnTypeOID(at index: Int) -> UInt32 {
        precondition(index >= 0 && index < columnCount, "column index out of range")
        return UInt32(PQftype(handle, Int32(index)))
    }

    /// Whether the value at (`row`, `column`) is SQL NULL.
    public func isNull(row: Int, column: Int) -> Bool {
        checkBounds(row: row, column: column)
        return PQgetisnull(handle, Int32(row), Int32(column)) != 0
    }

    /// The value at (`row`, `column`) in PostgreSQL's text format, or nil for SQL NULL.
    public func value(row: Int, column: Int) -> String? {
        checkBounds(row: row, column: column)
        let (r, c) = (Int32(row), Int32(column))
        if PQgetisnull(handle, r, c) != 0 { return nil }
        let length = Int(PQgetlength(handle, r, c))
        guard let bytes = PQgetvalue(handle, r, c) else { return nil }
        return bytes.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// The row `row` as text values (nil for NULL).
    public func row(_ row: Int) -> [String?] {
        (0..<columnCount).map { value(row: row, column: $0) }
    }

    private func checkBounds(row: Int, column: Int) {
        precondition(row >= 0 && row < rowCount, "row index out of range")
        precondition(column >= 0 && column < columnCount, "column index out of range")
    }
}
