import PostgresDriver

/// Staff accounts and daily usage in a PostgreSQL vault (see ``AccountStorage``): every check-and-update is one
/// statement, so several `veil serve` processes share replay protection and daily limits.
extension PostgresVaultStorage: AccountStorage {
    private var staffTable: String { schemaQualified("veil_staff") }
    private var usageTable: String { schemaQualified("veil_staff_usage") }

    public func addAccount(_ account: StaffAccount) throws -> Bool {
        try storageStep {
            try connection.execute(
                "INSERT INTO \(staffTable) (name, role, api_key_hash, totp_ciphertext, disabled, created) "
                    + "VALUES ($1, $2, $3, decode($4, 'hex'), $5, $6) ON CONFLICT (name) DO NOTHING",
                parameters: [
                    account.name, account.role, account.apiKeyHash, ByteaHex.encode(account.totpCiphertext),
                    account.isDisabled ? "true" : "false", account.created,
                ]
            ).affectedRowCount == 1
        }
    }

    public func account(named name: String) throws -> StaffAccount? {
        try readAccounts("WHERE name = $1", [name]).first
    }

    public func accounts() throws -> [StaffAccount] {
        try readAccounts("ORDER BY name", [])
    }

    public func disableAccount(named name: String) throws -> Bool {
        try storageStep {
            try connection.execute("UPDATE \(staffTable) SET disabled = true WHERE name = $1", parameters: [name])
                .affectedRowCount == 1
        }
    }

    public func acceptStep(_ step: Int64, forAccount name: String) throws -> Bool {
        try storageStep {
            try connection.execute(
                "UPDATE \(staffTable) SET last_step = $1::bigint WHERE name = $2 AND (last_step IS NULL OR last_step < $1::bigint)",
                parameters: [String(step), name]
            ).affectedRowCount == 1
        }
    }

    public func addUsage(_ count: Int, forAccount name: String, day: String, limit: Int) throws -> Bool {
        guard count <= limit else { return false }
        return try storageStep {
            try connection.execute(
                """
                INSERT INTO \(usageTable) AS u (name, day, tokens) VALUES ($1, $2, $3::bigint)
                ON CONFLICT (name, day) DO UPDATE SET tokens = u.tokens + excluded.tokens
                WHERE u.tokens + excluded.tokens <= $4::bigint
                """, parameters: [name, day, String(count), String(limit)]
            ).affectedRowCount == 1
        }
    }

    private func readAccounts(_ clause: String, _ parameters: [String?]) throws -> [StaffAccount] {
        try storageStep {
            let result = try connection.execute(
                "SELECT name, role, api_key_hash, encode(totp_ciphertext, 'hex'), last_step::text, disabled::text, "
                    + "created FROM \(staffTable) \(clause)", parameters: parameters)
            return (0..<result.rowCount).map { row in
                StaffAccount(
                    name: result.value(row: row, column: 0) ?? "", role: result.value(row: row, column: 1) ?? "",
                    apiKeyHash: result.value(row: row, column: 2) ?? "",
                    totpCiphertext: ByteaHex.decode(result.value(row: row, column: 3) ?? "") ?? [],
                    lastAcceptedStep: result.value(row: row, column: 4).flatMap { Int64($0) },
                    isDisabled: result.value(row: row, column: 5) == "true",
                    created: result.value(row: row, column: 6) ?? "")
            }
        }
    }

    private func schemaQualified(_ table: String) -> String {
        (try? connection.quoteIdentifier(schema)).map { $0 + "." + table } ?? table
    }
}
