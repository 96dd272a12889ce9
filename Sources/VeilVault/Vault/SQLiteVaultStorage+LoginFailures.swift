import SQLiteDriver

/// Failed logins per account and per client address in the vault's SQLite file (see ``LoginFailureStorage``).
extension SQLiteVaultStorage: LoginFailureStorage {
    static let loginFailureSchema = """
        CREATE TABLE IF NOT EXISTS veil_login_failures (
            subject TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            cleared INTEGER NOT NULL,
            last_failure INTEGER NOT NULL,
            seal TEXT
        );
        """

    public func loginFailures(of subject: String) throws -> LoginFailures? {
        try read(
            "SELECT subject, failures, cleared, last_failure, seal FROM veil_login_failures WHERE subject = ?",
            bind: { try $0.bind(text: subject, at: 1) }
        ) { row in
            LoginFailures(
                subject: row.text(at: 0), failures: Int(row.int64(at: 1)), cleared: Int(row.int64(at: 2)),
                lastFailure: row.int64(at: 3), seal: row.isNull(at: 4) ? nil : row.text(at: 4))
        }.first
    }

    public func replaceLoginFailures(_ expected: LoginFailures?, with new: LoginFailures) throws -> Bool {
        guard let expected else {
            return try write(
                "INSERT OR IGNORE INTO veil_login_failures (subject, failures, cleared, last_failure, seal) "
                    + "VALUES (?, ?, ?, ?, ?)"
            ) {
                try $0.bind(text: new.subject, at: 1)
                try $0.bind(int64: Int64(new.failures), at: 2)
                try $0.bind(int64: Int64(new.cleared), at: 3)
                try $0.bind(int64: new.lastFailure, at: 4)
                try $0.bind(text: new.seal, at: 5)
            } == 1
        }
        return try write(
            "UPDATE veil_login_failures SET failures = ?, cleared = ?, last_failure = ?, seal = ? WHERE subject = ? "
                + "AND failures = ? AND cleared = ? AND last_failure = ? AND seal IS ?"
        ) {
            try $0.bind(int64: Int64(new.failures), at: 1)
            try $0.bind(int64: Int64(new.cleared), at: 2)
            try $0.bind(int64: new.lastFailure, at: 3)
            try $0.bind(text: new.seal, at: 4)
            try $0.bind(text: expected.subject, at: 5)
            try $0.bind(int64: Int64(expected.failures), at: 6)
            try $0.bind(int64: Int64(expected.cleared), at: 7)
            try $0.bind(int64: expected.lastFailure, at: 8)
            try $0.bind(text: expected.seal, at: 9)
        } == 1
    }

    public func forgetAddressFailures(before time: Int64) throws {
        _ = try write("DELETE FROM veil_login_failures WHERE subject LIKE 'address:%' AND last_failure < ?") {
            try $0.bind(int64: time, at: 1)
        }
    }
}
