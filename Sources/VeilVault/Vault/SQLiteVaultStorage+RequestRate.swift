import SQLiteDriver

/// The per-minute request count in the vault's SQLite file (see ``RequestRateStorage``): an immediate
/// transaction makes the check and the insert one step for every process on the file. The vault's connections
/// commit with `synchronous = FULL` (SQLite's default); only this transaction is committed without an fsync.
extension SQLiteVaultStorage: RequestRateStorage {
    static let requestRateSchema = """
        CREATE TABLE IF NOT EXISTS veil_staff_requests (name TEXT NOT NULL, at_ms INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS veil_staff_requests_name ON veil_staff_requests (name, at_ms);
        """

    public func admitRequest(
        forAccount name: String, atMillisecond time: Int64, windowMilliseconds window: Int64, limit: Int
    )
        throws -> Bool
    {
        guard limit > 0 else { return false }
        // A request time lost to a crash only frees one slot of a throttle: this transaction is not fsynced
        // (WAL with synchronous NORMAL); the next full commit on the file (usage, TOTP step) makes it durable.
        try write("PRAGMA synchronous = NORMAL") { _ in }
        defer { _ = try? write("PRAGMA synchronous = FULL") { _ in } }
        return try inTransaction {
            try write("DELETE FROM veil_staff_requests WHERE name = ? AND at_ms <= ?") {
                try $0.bind(text: name, at: 1)
                try $0.bind(int64: time - window, at: 2)
            }
            let recent = try read(
                "SELECT count(*) FROM veil_staff_requests WHERE name = ?", bind: { try $0.bind(text: name, at: 1) }
            ) { $0.int64(at: 0) }
            guard (recent.first ?? 0) < Int64(limit) else { return false }
            try write("INSERT INTO veil_staff_requests (name, at_ms) VALUES (?, ?)") {
                try $0.bind(text: name, at: 1)
                try $0.bind(int64: time, at: 2)
            }
            return true
        }
    }
}
