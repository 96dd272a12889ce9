import PostgresDriver

/// Staff accounts and daily usage in a PostgreSQL vault (see ``AccountStorage``): every check-and-update is one
/// statement, and account changes hold a transaction-level advisory lock, so several `veil serve` processes and
/// `veil users` commands share replay protection, daily limits and one sealed state.
extension PostgresVaultStorage: AccountStorage {
    private var staffTable: String { schemaQualified("veil_staff") }
    private var usageTable: String { schemaQualified("veil_staff_usage") }

    public func changingAccounts<T>(_ body: () throws -> T) throws -> T {
        try inTransaction {
            try storageStep {
                try connection.execute(
                    "SELECT pg_advisory_xact_lock(\(Self.lockSpace), hashtext($1))", parameters: ["staff|" + schema])
            }
            return try body()
        }
    }

    public func readingAccounts<T>(_ body: () throws -> T) throws -> T {
        guard connection.transactionStatus == .idle else { return try body() }
        return try storageStep { try connection.transaction(isolation: .repeatableRead, readOnly: true, body) }
    }

    public func addAccount(_ account: StaffAccount) throws -> Bool {
        try storageStep {
            try connection.execute(
                "INSERT INTO \(staffTable) (name, role, api_key_hash, totp_ciphertext, disabled, created, seal, step_seal) "
                    + "VALUES ($1, $2, $3, decode($4, 'hex'), $5, $6, $7, $8) ON CONFLICT (name) DO NOTHING",
                parameters: [
                    account.name, account.role, account.apiKeyHash, ByteaHex.encode(account.totpCiphertext),
                    account.isDisabled ? "true" : "false", account.created, account.seal, account.lastStepSeal,
                ]
            ).affectedRowCount == 1
        }
    }

    public func updateAccount(_ account: StaffAccount) throws -> Bool {
        try storageStep {
            try connection.execute(
                "UPDATE \(staffTable) SET role = $1, disabled = $2, seal = $3 WHERE name = $4",
                parameters: [account.role, account.isDisabled ? "true" : "false", account.seal, account.name]
            ).affectedRowCount == 1
        }
    }

    public func account(named name: String) throws -> StaffAccount? {
        try readAccounts("WHERE name = $1", [name]).first
    }

    public func accounts() throws -> [StaffAccount] {
        try readAccounts("ORDER BY name", [])
    }

    public func accountsState() throws -> String? {
        try setting("staff_state")
    }

    public func setAccountsState(_ text: String) throws {
        try setSetting("staff_state", to: text)
    }

    public func acceptStep(_ step: Int64, seal: String, forAccount name: String) throws -> Bool {
        try storageStep {
            try connection.execute(
                "UPDATE \(staffTable) SET last_step = $1::bigint, step_seal = $2 "
                    + "WHERE name = $3 AND (last_step IS NULL OR last_step < $1::bigint)",
                parameters: [String(step), seal, name]
            ).affectedRowCount == 1
        }
    }

    public func setStep(_ step: Int64?, seal: String?, forAccount name: String) throws {
        try storageStep {
            try connection.execute(
                "UPDATE \(staffTable) SET last_step = $1::bigint, step_seal = $2 WHERE name = $3",
                parameters: [step.map { String($0) }, seal, name])
        }
    }

    public func usage(forAccount name: String, day: String) throws -> StaffUsage? {
        try readUsage("WHERE name = $1 AND day = $2", [name, day]).first
    }

    public func usage(onDay day: String) throws -> [StaffUsage] {
        try readUsage("WHERE day = $1", [day])
    }

    public func replaceUsage(_ expected: StaffUsage?, with new: StaffUsage) throws -> Bool {
        try storageStep {
            guard let expected else {
                return try connection.execute(
                    "INSERT INTO \(usageTable) (name, day, tokens, seal) VALUES ($1, $2, $3::bigint, $4) "
                        + "ON CONFLICT (name, day) DO NOTHING",
                    parameters: [new.name, new.day, String(new.tokens), new.seal]
                ).affectedRowCount == 1
            }
            return try connection.execute(
                "UPDATE \(usageTable) SET tokens = $1::bigint, seal = $2 WHERE name = $3 AND day = $4 "
                    + "AND tokens = $5::bigint AND seal IS NOT DISTINCT FROM $6::text",
                parameters: [
                    String(new.tokens), new.seal, expected.name, expected.day, String(expected.tokens), expected.seal,
                ]
            ).affectedRowCount == 1
        }
    }

    private func readAccounts(_ clause: String, _ parameters: [String?]) throws -> [StaffAccount] {
        try storageStep {
            let result = try connection.execute(
                "SELECT name, role, api_key_hash, encode(totp_ciphertext, 'hex'), last_step::text, disabled::text, "
                    + "created, seal, step_seal FROM \(staffTable) \(clause)", parameters: parameters)
            return (0..<result.rowCount).map { row in
                StaffAccount(
                    name: result.value(row: row, column: 0) ?? "", role: result.value(row: row, column: 1) ?? "",
                    apiKeyHash: result.value(row: row, column: 2) ?? "",
                    totpCiphertext: ByteaHex.decode(result.value(row: row, column: 3) ?? "") ?? [],
                    lastAcceptedStep: result.value(row: row, column: 4).flatMap { Int64($0) },
                    isDisabled: result.value(row: row, column: 5) == "true",
                    created: result.value(row: row, column: 6) ?? "", seal: result.value(row: row, column: 7),
                    lastStepSeal: result.value(row: row, column: 8))
            }
        }
    }

    private func readUsage(_ clause: String, _ parameters: [String?]) throws -> [StaffUsage] {
        try storageStep {
            let result = try connection.execute(
                "SELECT name, day, tokens::text, seal FROM \(usageTable) \(clause)", parameters: parameters)
            return (0..<result.rowCount).map { row in
                StaffUsage(
                    name: result.value(row: row, column: 0) ?? "", day: result.value(row: row, column: 1) ?? "",
                    tokens: result.value(row: row, column: 2).flatMap { Int($0) } ?? 0,
                    seal: result.value(row: row, column: 3))
            }
        }
    }

    private func schemaQualified(_ table: String) -> String {
        (try? connection.quoteIdentifier(schema)).map { $0 + "." + table } ?? table
    }
}
