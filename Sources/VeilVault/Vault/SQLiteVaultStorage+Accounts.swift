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
            created TEXT NOT NULL,
            seal TEXT,
            step_seal TEXT,
            revision INTEGER
        );
        CREATE TABLE IF NOT EXISTS veil_staff_usage (
            name TEXT NOT NULL,
            day TEXT NOT NULL,
            tokens INTEGER NOT NULL,
            seal TEXT,
            PRIMARY KEY (name, day)
        );
        """

    /// Columns added since the first staff tables: `ALTER TABLE` for files made before them.
    static let accountColumns = [
        ("veil_staff", "seal", "TEXT"), ("veil_staff", "step_seal", "TEXT"), ("veil_staff_usage", "seal", "TEXT"),
        ("veil_staff", "revision", "INTEGER"),
    ]

    /// Adds the seal columns to staff tables made before they existed.
    /// (Another process upgrading the same file at once is fine: a column it added first counts as added.)
    func addAccountColumnsIfNeeded() throws {
        func present(_ table: String, _ column: String) throws -> Bool {
            try !read(
                "SELECT 1 FROM pragma_table_info(?) WHERE name = ?",
                bind: {
                    try $0.bind(text: table, at: 1)
                    try $0.bind(text: column, at: 2)
                }
            ) { _ in true }.isEmpty
        }
        for (table, column, type) in Self.accountColumns where try !present(table, column) {
            do {
                try write("ALTER TABLE \(table) ADD COLUMN \(column) \(type)") { _ in }
            } catch {
                if try !present(table, column) { throw error }
            }
        }
    }

    public func changingAccounts<T>(_ body: () throws -> T) throws -> T {
        try inTransaction(body)
    }

    public func readingAccounts<T>(_ body: () throws -> T) throws -> T {
        try inReadTransaction(body)
    }

    public func addAccount(_ account: StaffAccount) throws -> Bool {
        try write(
            "INSERT OR IGNORE INTO veil_staff (name, role, api_key_hash, totp_ciphertext, last_step, disabled, created, "
                + "seal, step_seal, revision) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)"
        ) { statement in
            try statement.bind(text: account.name, at: 1)
            try statement.bind(text: account.role, at: 2)
            try statement.bind(text: account.apiKeyHash, at: 3)
            try statement.bind(blob: account.totpCiphertext, at: 4)
            try statement.bind(int64: account.isDisabled ? 1 : 0, at: 5)
            try statement.bind(text: account.created, at: 6)
            try statement.bind(text: account.seal, at: 7)
            try statement.bind(text: account.lastStepSeal, at: 8)
            try Self.bind(account.revision, statement, at: 9)
        } == 1
    }

    public func updateAccount(_ account: StaffAccount) throws -> Bool {
        try write("UPDATE veil_staff SET role = ?, disabled = ?, seal = ?, revision = ? WHERE name = ?") { statement in
            try statement.bind(text: account.role, at: 1)
            try statement.bind(int64: account.isDisabled ? 1 : 0, at: 2)
            try statement.bind(text: account.seal, at: 3)
            try Self.bind(account.revision, statement, at: 4)
            try statement.bind(text: account.name, at: 5)
        } == 1
    }

    public func account(named name: String) throws -> StaffAccount? {
        try readAccounts(where: "WHERE name = ?", name).first
    }

    public func accounts() throws -> [StaffAccount] {
        try readAccounts(where: "ORDER BY name", nil)
    }

    public func accountsState() throws -> String? {
        try setting(Self.accountsStateName)
    }

    public func setAccountsState(_ text: String) throws {
        try setSetting(Self.accountsStateName, to: text)
    }

    public func acceptStep(_ step: Int64, seal: String, forAccount name: String) throws -> Bool {
        try write(
            "UPDATE veil_staff SET last_step = ?, step_seal = ? WHERE name = ? AND (last_step IS NULL OR last_step < ?)"
        ) {
            try $0.bind(int64: step, at: 1)
            try $0.bind(text: seal, at: 2)
            try $0.bind(text: name, at: 3)
            try $0.bind(int64: step, at: 4)
        } == 1
    }

    public func setStep(_ step: Int64?, seal: String?, forAccount name: String) throws {
        try write("UPDATE veil_staff SET last_step = ?, step_seal = ? WHERE name = ?") {
            if let step { try $0.bind(int64: step, at: 1) } else { try $0.bindNull(at: 1) }
            try $0.bind(text: seal, at: 2)
            try $0.bind(text: name, at: 3)
        }
    }

    public func usage(forAccount name: String, day: String) throws -> StaffUsage? {
        try readUsage("WHERE name = ? AND day = ?", [name, day]).first
    }

    public func usage(onDay day: String) throws -> [StaffUsage] {
        try readUsage("WHERE day = ?", [day])
    }

    public func replaceUsage(_ expected: StaffUsage?, with new: StaffUsage) throws -> Bool {
        guard let expected else {
            return try write("INSERT OR IGNORE INTO veil_staff_usage (name, day, tokens, seal) VALUES (?, ?, ?, ?)") {
                try $0.bind(text: new.name, at: 1)
                try $0.bind(text: new.day, at: 2)
                try $0.bind(int64: Int64(new.tokens), at: 3)
                try $0.bind(text: new.seal, at: 4)
            } == 1
        }
        return try write(
            "UPDATE veil_staff_usage SET tokens = ?, seal = ? WHERE name = ? AND day = ? AND tokens = ? AND seal IS ?"
        ) {
            try $0.bind(int64: Int64(new.tokens), at: 1)
            try $0.bind(text: new.seal, at: 2)
            try $0.bind(text: expected.name, at: 3)
            try $0.bind(text: expected.day, at: 4)
            try $0.bind(int64: Int64(expected.tokens), at: 5)
            try $0.bind(text: expected.seal, at: 6)
        } == 1
    }

    private static let accountsStateName = "staff_state"

    private static func bind(_ value: Int?, _ statement: SQLiteStatement, at index: Int) throws {
        if let value { try statement.bind(int64: Int64(value), at: index) } else { try statement.bindNull(at: index) }
    }

    private func readAccounts(where clause: String, _ name: String?) throws -> [StaffAccount] {
        try read(
            "SELECT name, role, api_key_hash, totp_ciphertext, last_step, disabled, created, seal, step_seal, revision "
                + "FROM veil_staff \(clause)",
            bind: { if let name { try $0.bind(text: name, at: 1) } }
        ) { row in
            StaffAccount(
                name: row.text(at: 0), role: row.text(at: 1), apiKeyHash: row.text(at: 2),
                totpCiphertext: row.blob(at: 3), lastAcceptedStep: row.isNull(at: 4) ? nil : row.int64(at: 4),
                isDisabled: row.int64(at: 5) != 0, created: row.text(at: 6),
                seal: row.isNull(at: 7) ? nil : row.text(at: 7),
                lastStepSeal: row.isNull(at: 8) ? nil : row.text(at: 8),
                revision: row.isNull(at: 9) ? nil : Int(row.int64(at: 9)))
        }
    }

    private func readUsage(_ clause: String, _ parameters: [String]) throws -> [StaffUsage] {
        try read(
            "SELECT name, day, tokens, seal FROM veil_staff_usage \(clause)",
            bind: { statement in
                for (index, value) in parameters.enumerated() { try statement.bind(text: value, at: index + 1) }
            }
        ) { row in
            StaffUsage(
                name: row.text(at: 0), day: row.text(at: 1), tokens: Int(row.int64(at: 2)),
                seal: row.isNull(at: 3) ? nil : row.text(at: 3))
        }
    }
}
