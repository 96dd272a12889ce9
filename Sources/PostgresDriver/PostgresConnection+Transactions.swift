internal import CLibPQ

/// Transactions, snapshot export/import for parallel consistent reads, and server identity.
extension PostgresConnection {
    /// Where the session stands with respect to transactions (`PQtransactionStatus`).
    public enum TransactionStatus: Sendable, Equatable {
        case idle, active, inTransaction, inFailedTransaction, unknown
    }

    /// Transaction isolation levels.
    public enum IsolationLevel: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// The session's transaction state.
    public var transactionStatus: TransactionStatus {
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: .idle
        case PQTRANS_ACTIVE: .active
        case PQTRANS_INTRANS: .inTransaction
        case PQTRANS_INERROR: .inFailedTransaction
        default: .unknown
        }
    }

    /// `BEGIN [ISOLATION LEVEL ...] [READ ONLY]`.
    public func begin(isolation: IsolationLevel? = nil, readOnly: Bool = false) throws {
        var sql = "BEGIN"
        if let isolation { sql += " ISOLATION LEVEL \(isolation.rawValue)" }
        if readOnly { sql += " READ ONLY" }
        try execute(sql)
    }

    /// `COMMIT`.
    public func commit() throws { try execute("COMMIT") }

    /// `ROLLBACK`.
    public func rollback() throws { try execute("ROLLBACK") }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws (and rethrows).
    public func transaction<T>(
        isolation: IsolationLevel? = nil, readOnly: Bool = false, _ body: () throws -> T
    ) throws -> T {
        try begin(isolation: isolation, readOnly: readOnly)
        let value: T
        do {
            value = try body()
        } catch {
            if isConnected { try? rollback() }
            throw error
        }
        try commit()
        return value
    }

    /// Exports this session's snapshot so that other connections read the same moment (as `pg_dump -j` does).
    ///
    /// Begins a `REPEATABLE READ READ ONLY` transaction when none is open, then runs `SELECT pg_export_snapshot()`.
    /// The snapshot stays importable while this transaction stays open: keep the connection (and transaction)
    /// until every importer has run ``importSnapshot(_:)``, then ``commit()``.
    ///
    /// - Returns: the snapshot id, e.g. `00000003-0000001B-1`.
    public func exportSnapshot() throws -> String {
        if transactionStatus == .idle { try begin(isolation: .repeatableRead, readOnly: true) }
        let result = try execute("SELECT pg_export_snapshot()")
        guard result.rowCount == 1, let id = result.value(row: 0, column: 0) else {
            throw PostgresError(code: .unexpectedResult, message: "pg_export_snapshot() returned no snapshot id")
        }
        return id
    }

    /// Begins a `REPEATABLE READ READ ONLY` transaction that reads the snapshot `id` exported by another session
    /// (`SET TRANSACTION SNAPSHOT`). End it with ``commit()``.
    ///
    /// - Throws: ``PostgresError/Code/invalidArgument`` for an id that is not of the form pg_export_snapshot gives;
    ///   ``PostgresError/Code/queryFailed`` when the snapshot is no longer valid (the exporter ended its
    ///   transaction); the transaction is then rolled back.
    public func importSnapshot(_ id: String) throws {
        let allowed = Set("0123456789ABCDEFabcdef-")
        guard !id.isEmpty, id.count <= 64, id.allSatisfy(allowed.contains) else {
            throw PostgresError(code: .invalidArgument, message: "malformed snapshot id")
        }
        try begin(isolation: .repeatableRead, readOnly: true)
        do {
            try execute("SET TRANSACTION SNAPSHOT '\(id)'")
        } catch {
            if isConnected { try? rollback() }
            throw error
        }
    }

    /// The server's system identifier (`pg_control_system()`), unique per cluster (a physical replica shares its
    /// primary's). With the database name it tells whether two connections reach the same data.
    public func systemIdentifier() throws -> String {
        let result = try execute("SELECT system_identifier::text FROM pg_control_system()")
        guard result.rowCount == 1, let id = result.value(row: 0, column: 0) else {
            throw PostgresError(code: .unexpectedResult, message: "pg_control_system() returned no row")
        }
        return id
    }
}
