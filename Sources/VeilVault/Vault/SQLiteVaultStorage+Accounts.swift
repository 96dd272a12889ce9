import SQLiteDriver

/// Staff accounts and daily usage in the vault's SQLite file (see ``AccountStorage``).
extension SQLiteVaultStorage: AccountStorage {
    static let accountSchema = """
        CREATE TABLE IF NOT EXISTS veil_staff (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            api_key_hash TEXT NOT NULL,
            totp_ciphertext BLOB NOT NULL,
            last_step INTEGER,
            disabled INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS veil_staff_usage (
            name TEXT NOT NULL,
            day TEXT NOT NULL,
            tokens INTEGER NOT NULL,
            PRIMARY KEY (name, day)
        );
        """

    public func addAccount(_ account: StaffAccount) throws -> Bool {
        try write(
            "INSERT OR IGNORE INTO veil_staff (name, role, api_key_hash, totp_ciphertext, last_step, disabled, created) "
                + "VALUES (?, ?, ?, ?, NULL, ?, ?)"
        ) { statement in
            try statement.bind(text: account.name, at: 1)
            try statement.bind(text: account.role, at: 2)
            try statement.bind(text: account.apiKeyHash, at: 3)
            try statement.bind(blob: account.totpCiphertext, at: 4)
            try statement.bind(int64: account.isDisabled ? 1 : 0, at: 5)
            try statement.bind(text: account.created, at: 6)
        } == 1
    }

    public func account(named name: String) throws -> StaffAccount? {
        try readAccounts(where: "WHERE name = ?", name).first
    }

    public func accounts() throws -> [StaffAccount] {
        try readAccounts(where: "ORDER BY name", nil)
    }

    public func disableAccount(named name: String) throws -> Bool {
        try write("UPDATE veil_staff SET disabled = 1 WHERE name = ?") { try $0.bind(text: name, at: 1) } == 1
    }

    public func acceptStep(_ step: Int64, forAccount name: String) throws -> Bool {
        try write("UPDATE veil_staff SET last_step = ? WHERE name = ? AND (last_step IS NULL OR last_step < ?)") {
            try $0.bind(int64: step, at: 1)
            try $0.bind(text: name, at: 2)
            try $0.bind(int64: step, at: 3)
        } == 1
    }

    public func addUsage(_ count: Int, forAccount name: String, day: String, limit: Int) throws -> Bool {
        guard count <= limit else { return false }
        return try inTransaction {
            try write("INSERT OR IGNORE INTO veil_staff_usage (name, day, tokens) VALUES (?, ?, 0)") {
                try $0.bind(text: name, at: 1)
                try $0.bind(text: day, at: 2)
            }
            return try write("UPDATE veil_staff_usage SET tokens = tokens + ? WHERE name = ? AND day = ? AND tokens + ? <= ?") {
                try $0.bind(int64: Int64(count), at: 1)
                try $0.bind(text: name, at: 2)
                try $0.bind(text: day, at: 3)
                try $0.bind(int64: Int64(count), at: 4)
                try $0.bind(int64: Int64(limit), at: 5)
            } == 1
        }
    }

    private func readAccounts(where clause: String, _ name: String?) throws -> [StaffAccount] {
        try read(
            "SELECT name, role, api_key_hash, totp_ciphertext, last_step, disabled, created FROM veil_staff \(clause)",
            bind: { if let name { try $0.bind(text: name, at: 1) } }
        ) { row in
            StaffAccount(
                name: row.text(at: 0), role: row.text(at: 1), apiKeyHash: row.text(at: 2),
                totpCiphertext: row.blob(at: 3), lastAcceptedStep: row.isNull(at: 4) ? nil : row.int64(at: 4),
                isDisabled: row.int64(at: 5) != 0, created: row.text(at: 6))
        }
    }
}
