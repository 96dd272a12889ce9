internal import CSQLite

/// A compiled SQL statement: owns one `sqlite3_stmt*` and finalizes it in `deinit`.
///
/// Bind parameters by 1-based index, then call ``step()`` until it returns `nil`; ``reset()`` makes the
/// statement ready to run again (bindings are kept until ``clearBindings()``). Used from the connection's
/// thread only. Errors carry SQLite's message, never a bound value.
public final class SQLiteStatement {
    /// The connection, kept alive as long as the statement.
    public let connection: SQLiteConnection
    let handle: OpaquePointer

    init(connection: SQLiteConnection, sql: String) throws {
        try SQLiteError.refuseNUL(in: sql, "SQL text", operation: "prepare")
        var statement: OpaquePointer?
        let result = sqlite3_prepare_v2(connection.handle, sql, -1, &statement, nil)
        guard result == SQLITE_OK else { throw connection.error(result, "prepare") }
        guard let statement else {
            throw SQLiteError(extendedCode: SQLITE_MISUSE, message: "no SQL statement", operation: "prepare")
        }
        self.connection = connection
        self.handle = statement
    }

    deinit {
        sqlite3_finalize(handle)
    }

    // MARK: Parameters

    /// The number of parameters (`?`, `?NNN`, `:name`) the statement takes.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// Binds UTF-8 text (empty text stays text, never NULL).
    public func bind(text: String, at index: Int) throws {
        var text = text
        let result = text.withUTF8 { bytes -> Int32 in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_text(handle, Int32(index), "", 0, nil)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, Int32(index), $0, Int32(bytes.count), Self.transient)
            }
        }
        try check(result, "bind")
    }

    public func bind(int64 value: Int64, at index: Int) throws {
        try check(sqlite3_bind_int64(handle, Int32(index), value), "bind")
    }

    public func bind(double value: Double, at index: Int) throws {
        try check(sqlite3_bind_double(handle, Int32(index), value), "bind")
    }

    /// Binds bytes as a BLOB (an empty array is a zero-length blob, never NULL).
    public func bind(blob bytes: [UInt8], at index: Int) throws {
        let result = bytes.withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                return sqlite3_bind_zeroblob(handle, Int32(index), 0)
            }
            return sqlite3_bind_blob(handle, Int32(index), base, Int32(buffer.count), Self.transient)
        }
        try check(result, "bind")
    }

    public func bindNull(at index: Int) throws {
        try check(sqlite3_bind_null(handle, Int32(index)), "bind")
    }

    /// Binds `text`, or NULL when it is `nil`.
    public func bind(text: String?, at index: Int) throws {
        if let text { try bind(text: text, at: index) } else { try bindNull(at: index) }
    }

    /// Sets every parameter back to NULL.
    public func clearBindings() {
        sqlite3_clear_bindings(handle)
    }

    // MARK: Running

    /// Advances to the next result row, or returns `nil` when the statement is done.
    public func step() throws -> SQLiteRow? {
        let result = sqlite3_step(handle)
        switch result {
        case SQLITE_ROW: return SQLiteRow(statement: self)
        case SQLITE_DONE: return nil
        default: throw connection.error(result, "step")
        }
    }

    /// Steps until done, ignoring rows, then resets: for INSERT, UPDATE, DELETE and DDL.
    public func run() throws {
        defer { sqlite3_reset(handle) }
        while try step() != nil {}
    }

    /// Rewinds the statement so it can run again; bindings are kept.
    public func reset() throws {
        try check(sqlite3_reset(handle), "reset")
    }

    // MARK: Result columns

    /// The number of columns in each result row (0 for statements that return none).
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// The name of result column `index` (0-based), as the query named it.
    public func columnName(at index: Int) -> String {
        sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? ""
    }

    /// The names of all result columns.
    public var columnNames: [String] { (0..<columnCount).map(columnName(at:)) }

    // MARK: Internals for SQLiteRow

    func type(at index: Int) -> SQLiteColumnType {
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .real
        case SQLITE_TEXT: .text
        case SQLITE_BLOB: .blob
        default: .null
        }
    }

    func int64(at index: Int) -> Int64 { sqlite3_column_int64(handle, Int32(index)) }

    func double(at index: Int) -> Double { sqlite3_column_double(handle, Int32(index)) }

    func text(at index: Int) -> String {
        // text() first, then bytes(): the documented order that yields the UTF-8 length.
        guard let pointer = sqlite3_column_text(handle, Int32(index)) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func blob(at index: Int) -> [UInt8] {
        guard let pointer = sqlite3_column_blob(handle, Int32(index)) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    private func check(_ result: Int32, _ operation: String) throws {
        if result != SQLITE_OK { throw connection.error(result, operation) }
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the bind call returns. The C macro is a cast of -1
    /// to a function pointer, which Swift cannot import.
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }
}
