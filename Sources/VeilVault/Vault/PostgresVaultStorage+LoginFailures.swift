import PostgresDriver

/// Failed logins per account and per client address in a PostgreSQL vault (see ``LoginFailureStorage``): every
/// compare-and-set is one statement, so several `veil serve` processes count the same failures.
extension PostgresVaultStorage: LoginFailureStorage {
    /// Creates the failures table when missing (inside ``createTablesIfNeeded()``'s transaction and lock).
    func createLoginFailuresTableIfNeeded(quotedSchema: String) throws {
        let found = try connection.execute(
            "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = $1 AND c.relname = 'veil_login_failures'",
            parameters: [schema])
        guard found.rowCount == 0 else { return }
        try connection.execute(
            "CREATE TABLE IF NOT EXISTS \(quotedSchema).veil_login_failures (subject text PRIMARY KEY, "
                + "failures bigint NOT NULL, cleared bigint NOT NULL, last_failure bigint NOT NULL, seal text)")
    }

    private var failuresTable: String {
        ((try? connection.quoteIdentifier(schema)).map { $0 + "." } ?? "") + "veil_login_failures"
    }

    public func loginFailures(of subject: String) throws -> LoginFailures? {
        try storageStep {
            let result = try connection.execute(
                "SELECT subject, failures::text, cleared::text, last_failure::text, seal FROM \(failuresTable) "
                    + "WHERE subject = $1",
                parameters: [subject])
            guard result.rowCount > 0 else { return nil }
            return LoginFailures(
                subject: result.value(row: 0, column: 0) ?? "",
                failures: result.value(row: 0, column: 1).flatMap { Int($0) } ?? 0,
                cleared: result.value(row: 0, column: 2).flatMap { Int($0) } ?? 0,
                lastFailure: result.value(row: 0, column: 3).flatMap { Int64($0) } ?? 0,
                seal: result.value(row: 0, column: 4))
        }
    }

    public func replaceLoginFailures(_ expected: LoginFailures?, with new: LoginFailures) throws -> Bool {
        let values = [new.subject, String(new.failures), String(new.cleared), String(new.lastFailure), new.seal]
        return try storageStep {
            guard let expected else {
                return try connection.execute(
                    "INSERT INTO \(failuresTable) (subject, failures, cleared, last_failure, seal) "
                        + "VALUES ($1, $2::bigint, $3::bigint, $4::bigint, $5) ON CONFLICT (subject) DO NOTHING",
                    parameters: values
                ).affectedRowCount == 1
            }
            return try connection.execute(
                "UPDATE \(failuresTable) SET failures = $2::bigint, cleared = $3::bigint, last_failure = $4::bigint, "
                    + "seal = $5 WHERE subject = $1 AND failures = $6::bigint AND cleared = $7::bigint "
                    + "AND last_failure = $8::bigint AND seal IS NOT DISTINCT FROM $9::text",
                parameters: values + [
                    String(expected.failures), String(expected.cleared), String(expected.lastFailure), expected.seal,
                ]
            ).affectedRowCount == 1
        }
    }

    public func forgetAddressFailures(before time: Int64) throws {
        try storageStep {
            _ = try connection.execute(
                "DELETE FROM \(failuresTable) WHERE subject LIKE 'address:%' AND last_failure < $1::bigint",
                parameters: [String(time)])
        }
    }
}
