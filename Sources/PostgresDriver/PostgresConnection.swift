internal import CLibPQ
import Foundation

/// One session with a PostgreSQL server, over libpq.
///
/// Owns a libpq `PGconn` and closes it (`PQfinish`) in `deinit`.
///
/// ## Threading
/// A connection is used by **one thread at a time**: libpq is thread-safe across connections but a single `PGconn`
/// must never be used concurrently. The type is `@unchecked Sendable` so that a pipeline can open N connections and
/// hand each one to its own Dispatch worker (as `pg_dump -j` does with imported snapshots); the confinement — one
/// owner at a time, handed over, never shared — is the caller's contract, as with GRDB's `Database` inside a
/// `SerializedDatabase`. While a ``copyOut(_:_:)`` body runs or a ``PostgresCopyIn`` is open, the connection is
/// busy with that COPY and must not run other statements.
///
/// ## Secrets
/// Passwords come from the conninfo, `PGPASSWORD` or `~/.pgpass`, as libpq decides; they are never logged and
/// are redacted from connection errors. Errors never contain parameter values or row data (see ``PostgresError``).
/// Server notices are discarded rather than printed, since their DETAIL may quote data.
public final class PostgresConnection: @unchecked Sendable {
    let handle: OpaquePointer

    /// Opens a connection.
    ///
    /// - Parameter conninfo: a `postgresql://` URL or a `key=value` conninfo string. Every libpq setting passes
    ///   through, including TLS (`sslmode=verify-full`, `sslrootcert=...`), `application_name` and timeouts.
    /// - Throws: ``PostgresError`` with code ``PostgresError/Code/connectionFailed`` and libpq's message, with any
    ///   password redacted.
    public init(conninfo: String) throws {
        guard let handle = PQconnectdb(try CStringArgument.checked(conninfo, "connection string")) else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let raw = PQerrorMessage(handle).map { String(cString: $0) } ?? "unknown libpq error"
            PQfinish(handle)
            let lines = raw.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            let text = lines.joined(separator: " ")
            let redacted: String
            if let options = try? ConnectionInfo(conninfo) {
                redacted = MessageRedaction.redactingPasswords(in: text, knownPassword: options.settings["password"])
            } else {
                // libpq could not parse the string, and its message quotes the piece it choked on.
                redacted = MessageRedaction.redactingQuotedText(in: MessageRedaction.redactingPasswords(in: text))
            }
            throw PostgresError(code: .connectionFailed, message: redacted)
        }
        self.handle = handle
        PQsetErrorVerbosity(handle, PQERRORS_TERSE)
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        if PQsetClientEncoding(handle, "UTF8") != 0 {
            PQfinish(handle)
            throw PostgresError(code: .connectionFailed, message: "the server refused client_encoding UTF8")
        }
    }

    deinit {
        PQfinish(handle)
    }

    /// The server version as an integer, e.g. 150018 for 15.18 or 90624 for 9.6.24.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// The process id of the server backend serving this connection (for `pg_terminate_backend`, `pg_locks`...).
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// Whether the connection is still usable as far as libpq knows (false after a lost connection).
    public var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The database this connection is to.
    public var databaseName: String { PQdb(handle).map { String(cString: $0) } ?? "" }

    /// Runs one SQL string (which may hold several statements; the last result is returned) with `PQexec`.
    ///
    /// - Throws: ``PostgresError`` (``PostgresError/Code/queryFailed`` or ``PostgresError/Code/connectionLost``);
    ///   ``PostgresError/Code/invalidArgument`` for a COPY statement (use ``copyOut(_:_:)`` or ``copyIn(_:)``).
    @discardableResult
    public func execute(_ sql: String) throws -> PostgresResult {
        try checked(PQexec(handle, try CStringArgument.checked(sql, "SQL text")), failure: .queryFailed)
    }

    /// Runs one statement with `$1`, `$2`... parameters, sent separately from the SQL in text format
    /// (`PQexecParams`); nil is SQL NULL. Values never appear in errors; a value holding a NUL character is refused
    /// (``PostgresError/Code/invalidArgument`` naming its position) rather than cut short.
    @discardableResult
    public func execute(_ sql: String, parameters: [String?]) throws -> PostgresResult {
        let sql = try CStringArgument.checked(sql, "SQL text")
        for (index, parameter) in parameters.enumerated() {
            if let parameter { _ = try CStringArgument.checked(parameter, "parameter $\(index + 1)") }
        }
        let copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { for copy in copies { free(copy) } }
        let values = copies.map { UnsafePointer($0) }
        let result = values.withUnsafeBufferPointer {
            PQexecParams(handle, sql, Int32(parameters.count), nil, $0.baseAddress, nil, nil, 0)
        }
        return try checked(result, failure: .queryFailed)
    }

    /// `name` quoted as an SQL identifier (`PQescapeIdentifier`): `my "table"` → `"my ""table"""`.
    public func quoteIdentifier(_ name: String) throws -> String {
        try escaped(try CStringArgument.checked(name, "identifier"), with: PQescapeIdentifier)
    }

    /// `text` quoted as an SQL string literal (`PQescapeLiteral`), e.g. `O'Brien` → `'O''Brien'`, with `E'...'`
    /// when it holds backslashes. Prefer ``execute(_:parameters:)`` for data.
    public func quoteLiteral(_ text: String) throws -> String {
        try escaped(try CStringArgument.checked(text, "literal"), with: PQescapeLiteral)
    }

    private func escaped(
        _ text: String, with escape: (OpaquePointer?, UnsafePointer<CChar>?, Int) -> UnsafeMutablePointer<CChar>?
    ) throws -> String {
        let quoted = text.withCString { escape(handle, $0, strlen($0)) }
        guard let quoted else { throw PostgresError(connection: handle, code: .encodingFailed) }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// Checks a result from `PQexec`/`PQexecParams`: success statuses give a ``PostgresResult``, anything else
    /// throws. A statement that started a COPY is ended (so the connection stays usable) and refused.
    func checked(_ raw: OpaquePointer?, failure: PostgresError.Code) throws -> PostgresResult {
        guard let raw else { throw PostgresError(connection: handle, code: failure) }
        let result = PostgresResult(handle: raw)
        switch PQresultStatus(raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            return result
        case PGRES_COPY_OUT, PGRES_COPY_IN, PGRES_COPY_BOTH:
            abandonCopy()
            throw PostgresError(code: .invalidArgument, message: "COPY statements go through copyOut or copyIn")
        default:
            throw PostgresError(result: raw, connection: handle, code: failure)
        }
    }
}
