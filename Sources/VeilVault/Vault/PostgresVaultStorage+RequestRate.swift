import PostgresDriver

/// The per-minute request count in a PostgreSQL vault (see ``RequestRateStorage``): a transaction-level advisory
/// lock per account makes the check and the insert one step for every server on the vault; other accounts never
/// wait.
extension PostgresVaultStorage: RequestRateStorage {
    private var requestsTable: String {
        get throws { try connection.quoteIdentifier(schema) + ".veil_staff_requests" }
    }

    public func admitRequest(forAccount name: String, atMillisecond time: Int64, windowMilliseconds window: Int64, limit: Int)
        throws -> Bool
    {
        guard limit > 0 else { return false }
        let table = try storageStep { try requestsTable }
        return try inTransaction {
            try connection.execute(
                "SELECT pg_advisory_xact_lock(\(Self.lockSpace), hashtext($1))",
                parameters: ["requests|" + schema + "|" + name])
            // After the lock, so this statement's snapshot sees every request admitted before it.
            return try connection.execute(
                """
                WITH expired AS (DELETE FROM \(table) WHERE name = $1 AND at_ms <= $2::bigint)
                INSERT INTO \(table) (name, at_ms) SELECT $1, $3::bigint
                WHERE (SELECT count(*) FROM \(table) WHERE name = $1 AND at_ms > $2::bigint) < $4::bigint
                """, parameters: [name, String(time - window), String(time), String(limit)]
            ).affectedRowCount == 1
        }
    }

    /// Creates the request table when missing (under the schema's advisory lock, as the other tables are).
    func createRequestTableIfNeeded() throws {
        try storageStep {
            let table = try requestsTable
            let found = try connection.execute("SELECT to_regclass($1) IS NOT NULL", parameters: [table])
            guard found.value(row: 0, column: 0) != "t" else { return }
            try connection.transaction {
                try connection.execute(
                    "SELECT pg_advisory_xact_lock(\(Self.lockSpace), hashtext($1))", parameters: ["schema|" + schema])
                try connection.execute("CREATE TABLE IF NOT EXISTS \(table) (name text NOT NULL, at_ms bigint NOT NULL)")
                try connection.execute("CREATE INDEX IF NOT EXISTS veil_staff_requests_name ON \(table) (name, at_ms)")
            }
        }
    }
}
