internal import CSQLite

/// An open SQLite database: owns one `sqlite3*` handle and closes it in `deinit`.
///
/// A connection, and every statement prepared from it, is used from one thread at a time (like GRDB's
/// `SerializedDatabase`, confinement is the caller's job: the type is deliberately not `Sendable`). The driver
/// opens connections with `SQLITE_OPEN_FULLMUTEX`, so a mistake costs a lock, not memory safety.
public final class SQLiteConnection {
    /// How to open the database file.
    public enum OpenMode: Hashable, Sendable {
        /// Read only; the file must exist.
        case readOnly
        /// Read and write; the file must exist.
        case readWrite
        /// Read and write, creating the file if it is missing.
        case create
    }

    /// How `begin(_:)` takes its locks.
    public enum TransactionKind: String, Hashable, Sendable {
        /// Locks are taken on first read / first write (a read transaction until something is written).
        case deferred = "DEFERRED"
        /// The write lock is taken at once, so a busy database fails here rather than mid-transaction.
        case immediate = "IMMEDIATE"
        case exclusive = "EXCLUSIVE"
    }

    /// The path the connection was opened with.
    public let path: String
    let handle: OpaquePointer

    /// Opens (or creates) a database file.
    /// - Parameters:
    ///   - path: the file; `:memory:` for a private in-memory database.
    ///   - mode: read-only, read-write, or read-write with creation.
    /// - Throws: ``SQLiteError`` (e.g. `.cantOpen` for a missing file). A file that exists but is not a
    ///   database opens; the first statement then fails with `.notADatabase`.
    public init(path: String, mode: OpenMode = .create) throws {
        try SQLiteError.refuseNUL(in: path, "file name", operation: "open")
        var flags = SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var db: OpaquePointer?
        let result = sqlite3_open_v2(path, &db, flags, nil)
        guard result == SQLITE_OK, let db else {
            let error = SQLiteError(
                extendedCode: db.map { sqlite3_extended_errcode($0) } ?? result,
                message: db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(result)),
                operation: "open")
            sqlite3_close_v2(db)
            throw error
        }
        sqlite3_extended_result_codes(db, 1)
        self.path = path
        self.handle = db
    }

    deinit {
        // close_v2 defers the close until the last statement is finalized, so release order never matters.
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that take no parameters and return no rows of interest.
    public func execute(_ sql: String) throws {
        try SQLiteError.refuseNUL(in: sql, "SQL text", operation: "exec")
        var errorMessage: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        defer { sqlite3_free(errorMessage) }
        guard result == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(result))
            throw SQLiteError(extendedCode: sqlite3_extended_errcode(handle), message: message, operation: "exec")
        }
    }

    /// Compiles one SQL statement.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        try SQLiteStatement(connection: self, sql: sql)
    }

    /// How long a statement waits for another connection's lock before failing with `.busy`.
    public func setBusyTimeout(milliseconds: Int) throws {
        let result = sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        if result != SQLITE_OK { throw error(result, "busy_timeout") }
    }

    /// Starts a transaction (`BEGIN DEFERRED` / `IMMEDIATE` / `EXCLUSIVE`).
    public func begin(_ kind: TransactionKind = .deferred) throws {
        try execute("BEGIN \(kind.rawValue)")
    }

    public func commit() throws { try execute("COMMIT") }

    public func rollback() throws { try execute("ROLLBACK") }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try begin(kind)
        do {
            let value = try body()
            try commit()
            return value
        } catch {
            if !isAutocommit { try? rollback() }
            throw error
        }
    }

    /// False while a transaction is open.
    public var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The error for a failed call on this connection.
    func error(_ result: Int32, _ operation: String) -> SQLiteError {
        let extended = sqlite3_extended_errcode(handle)
        // When the connection's last error is not this call's (e.g. a misuse code returned directly),
        // fall back to the generic text of the returned code.
        let message =
            extended & 0xFF == result & 0xFF
            ? String(cString: sqlite3_errmsg(handle)) : String(cString: sqlite3_errstr(result))
        return SQLiteError(
            extendedCode: extended & 0xFF == result & 0xFF ? extended : result, message: message,
            operation: operation)
    }
}
