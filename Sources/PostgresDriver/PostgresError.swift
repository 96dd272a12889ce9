/// A failure reported by PostgreSQL or libpq.
///
/// The error carries a stable ``Code``, the server's SQLSTATE when there is one, and a message safe to log:
/// - only the *primary* message (`PG_DIAG_MESSAGE_PRIMARY`) is kept, never the DETAIL or CONTEXT fields, which
///   quote row values (`Key (email)=(x@y) already exists`, `COPY t, line 2, column n: "abc"`);
/// - for data exceptions (SQLSTATE class 22), whose primary messages quote the offending value
///   (`invalid input syntax for type integer: "abc"`), quoted text and byte sequences are redacted;
/// - connection messages have any password (`password=...`, `user:secret@`, or the conninfo's password value)
///   replaced by `***`.
///
/// Parameter values and row data are never part of an error, in the spirit of GRDB's
/// `publicStatementArguments = false`.
public struct PostgresError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of operation failed. The raw values are stable and may be used in reports.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The connection could not be opened: unreachable host, authentication failure, bad conninfo, TLS.
        case connectionFailed
        /// A statement failed on the server (syntax, constraint, permission...).
        case queryFailed
        /// A `COPY` statement failed (including bad input rows in `COPY FROM STDIN`).
        case copyFailed
        /// The connection was lost or terminated by the server while in use (SQLSTATE class 08, 57P01...).
        case connectionLost
        /// The caller used the API wrongly (e.g. passed a non-COPY statement to `copyOut`, a malformed snapshot id).
        case invalidArgument
        /// A string could not be escaped or decoded (invalid encoding).
        case encodingFailed
        /// The server answered with something the driver did not expect (e.g. no row where one was needed).
        case unexpectedResult
    }

    /// What kind of operation failed.
    public var code: Code
    /// The five-character SQLSTATE (e.g. `23505`), when the server reported one.
    public var sqlState: String?
    /// The primary message, free of row values and passwords.
    public var message: String

    /// Creates an error; `message` must already be free of sensitive data.
    public init(code: Code, sqlState: String? = nil, message: String) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
    }

    public var description: String {
        let state = sqlState.map { " [SQLSTATE \($0)]" } ?? ""
        return "PostgreSQL \(code.rawValue)\(state): \(message)"
    }

    /// `23505 unique_violation`.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// `23503 foreign_key_violation`.
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// `23502 not_null_violation`.
    public var isNotNullViolation: Bool { sqlState == "23502" }
    /// `42P01 undefined_table`.
    public var isUndefinedTable: Bool { sqlState == "42P01" }
    /// `42703 undefined_column`.
    public var isUndefinedColumn: Bool { sqlState == "42703" }
    /// `42501 insufficient_privilege`.
    public var isInsufficientPrivilege: Bool { sqlState == "42501" }
    /// `3D000 invalid_catalog_name`: the database does not exist.
    public var isUndefinedDatabase: Bool { sqlState == "3D000" }
    /// `55P03 lock_not_available`.
    public var isLockNotAvailable: Bool { sqlState == "55P03" }
    /// `57014 query_canceled` (statement timeout or cancel request).
    public var isQueryCanceled: Bool { sqlState == "57014" }
    /// Class `22`: a value could not be converted or was out of range.
    public var isDataException: Bool { sqlState?.hasPrefix("22") ?? false }

    /// SQLSTATEs after which the session is gone: class 08 (connection exception), admin/crash shutdown.
    static func meansConnectionLost(_ sqlState: String?) -> Bool {
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }
}
