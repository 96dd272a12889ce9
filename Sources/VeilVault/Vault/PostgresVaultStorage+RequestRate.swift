import PostgresDriver

/// The per-minute request count in a PostgreSQL vault (see ``RequestRateStorage``): one row per account holding
/// the times of its requests in the last window, checked and updated by one statement. `INSERT ... ON CONFLICT DO
/// UPDATE` locks the account's row and evaluates the condition on its newest version, so two servers admitting
/// requests at once never both take the last slot; other accounts never wait. One round trip, like the daily
/// usage's.
extension PostgresVaultStorage: RequestRateStorage {
    private var requestsTable: String {
        get throws { try connection.quoteIdentifier(schema) + ".veil_staff_requests" }
    }

    public func admitRequest(
        forAccount name: String, atMillisecond time: Int64, windowMilliseconds window: Int64, limit: Int
    )
        throws -> Bool
    {
        guard limit > 0 else { return false }
        return try storageStep {
            let table = try requestsTable
            return try connection.execute(
                """
                INSERT INTO \(table) AS r (name, times) VALUES ($1, ARRAY[$3::bigint])
                ON CONFLICT (name) DO UPDATE
                SET times = ARRAY(SELECT t FROM unnest(r.times) AS t WHERE t > $2::bigint) || $3::bigint
                WHERE (SELECT count(*) FROM unnest(r.times) AS t WHERE t > $2::bigint) < $4::bigint
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
                try connection.execute(
                    "CREATE TABLE IF NOT EXISTS \(table) (name text PRIMARY KEY, times bigint[] NOT NULL)")
            }
        }
    }
}
