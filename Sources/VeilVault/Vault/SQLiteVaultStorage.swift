import Foundation
import SQLiteDriver
import VeilCore
import VeilFiles

/// A vault in a SQLite file (the default): WAL mode and a busy timeout, so several processes can share it; unique
/// indexes on `(domain, token)` and `(domain, fingerprint)` keep it one-to-one whoever writes. The file is created
/// 0600.
public final class SQLiteVaultStorage: VaultStorage {
    private let connection: SQLiteConnection
    private let path: String
    private var statements: [String: SQLiteStatement] = [:]

    /// Rows are appended (rowid order); the two unique indexes hold only the keys. Tokens and fingerprints are
    /// random, so every insert lands at a random place in both indexes: keeping the rows themselves out of those
    /// trees keeps the pages a batch dirties few (vaults made before this layout, with the rows in the token
    /// index, work the same).
    static let schema = """
        CREATE TABLE IF NOT EXISTS veil_tokens (
            domain TEXT NOT NULL,
            token TEXT NOT NULL,
            fingerprint BLOB NOT NULL,
            key_version INTEGER NOT NULL,
            ciphertext BLOB NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS veil_tokens_token ON veil_tokens (domain, token);
        CREATE UNIQUE INDEX IF NOT EXISTS veil_tokens_fingerprint ON veil_tokens (domain, fingerprint);
        CREATE TABLE IF NOT EXISTS veil_vault (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        """

    /// Opens (creating if needed) the vault file at `path`.
    public init(path: String) throws {
        self.path = path
        let isNew = !FileManager.default.fileExists(atPath: path)
        do {
            if isNew {
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            connection = try SQLiteConnection(path: path, mode: .create)
            try connection.setBusyTimeout(milliseconds: 30_000)
            try connection.execute("PRAGMA journal_mode = WAL")
            // Tokens are random, so inserts land all over both indexes: a 64 MiB page cache instead of the default
            // 2 MiB keeps a large vault's inserts from re-reading pages (measured in the README).
            try connection.execute("PRAGMA cache_size = -65536")
            try connection.execute(Self.schema)
            try connection.execute(Self.accountSchema)
            try connection.execute(Self.loginFailureSchema)
            try addAccountColumnsIfNeeded()
            try connection.execute(Self.requestRateSchema)
        } catch {
            throw VaultError(.storage, "cannot open the vault \(path): \(error)")
        }
    }

    public func token(domain: String, fingerprint: [UInt8]) throws -> String? {
        try storageStep {
            let statement = try prepared("SELECT token FROM veil_tokens WHERE domain = ? AND fingerprint = ?")
            try statement.bind(text: domain, at: 1)
            try statement.bind(blob: fingerprint, at: 2)
            defer { try? statement.reset() }
            return try statement.step()?.text(at: 0)
        }
    }

    public func insert(_ entry: VaultEntry) throws -> VaultInsertOutcome {
        try storageStep {
            let statement = try prepared(
                "INSERT OR IGNORE INTO veil_tokens (domain, token, fingerprint, key_version, ciphertext) "
                    + "VALUES (?, ?, ?, ?, ?)")
            try statement.bind(text: entry.domain, at: 1)
            try statement.bind(text: entry.token, at: 2)
            try statement.bind(blob: entry.fingerprint, at: 3)
            try statement.bind(int64: Int64(entry.keyVersion), at: 4)
            try statement.bind(blob: entry.ciphertext, at: 5)
            try statement.run()
            try statement.reset()
            if connection.changes == 1 { return .inserted }
            if let existing = try token(domain: entry.domain, fingerprint: entry.fingerprint) {
                return .fingerprintExists(token: existing)
            }
            return .tokenTaken
        }
    }

    public func entry(domain: String, token: String) throws -> VaultEntry? {
        try storageStep {
            let statement = try prepared(
                "SELECT fingerprint, key_version, ciphertext FROM veil_tokens WHERE domain = ? AND token = ?")
            try statement.bind(text: domain, at: 1)
            try statement.bind(text: token, at: 2)
            defer { try? statement.reset() }
            guard let row = try statement.step() else { return nil }
            return VaultEntry(
                domain: domain, token: token, fingerprint: row.blob(at: 0), keyVersion: Int(row.int64(at: 1)),
                ciphertext: row.blob(at: 2))
        }
    }

    public func delete(domain: String, fingerprints: [[UInt8]]) throws -> Int {
        try inTransaction {
            try storageStep {
                let statement = try prepared("DELETE FROM veil_tokens WHERE domain = ? AND fingerprint = ?")
                var deleted = 0
                for fingerprint in fingerprints {
                    try statement.bind(text: domain, at: 1)
                    try statement.bind(blob: fingerprint, at: 2)
                    try statement.run()
                    try statement.reset()
                    deleted += connection.changes
                }
                return deleted
            }
        }
    }

    public func binding() throws -> String? {
        try storageStep {
            let statement = try prepared("SELECT value FROM veil_vault WHERE name = 'keystore'")
            defer { try? statement.reset() }
            return try statement.step()?.text(at: 0)
        }
    }

    public func setBinding(_ value: String) throws {
        try storageStep {
            let statement = try prepared("INSERT OR IGNORE INTO veil_vault (name, value) VALUES ('keystore', ?)")
            try statement.bind(text: value, at: 1)
            try statement.run()
            try statement.reset()
        }
    }

    public func setting(_ name: String) throws -> String? {
        try read("SELECT value FROM veil_vault WHERE name = ?", bind: { try $0.bind(text: name, at: 1) }) {
            $0.text(at: 0)
        }.first
    }

    public func setSetting(_ name: String, to value: String) throws {
        try write(
            "INSERT INTO veil_vault (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value"
        ) {
            try $0.bind(text: name, at: 1)
            try $0.bind(text: value, at: 2)
        }
    }

    /// `VACUUM INTO` a temporary file beside `path` (one consistent read), then published like every output
    /// (``AtomicFileWriter/publish(produced:at:beforePublish:)``: 0600, synced, renamed after `beforePublish`).
    public func backup(to path: String, beforePublish: () throws -> Void) throws {
        let temporary = AtomicFileWriter.temporaryPath(for: path)
        do {
            let statement = try connection.prepare("VACUUM INTO ?")
            try statement.bind(text: temporary, at: 1)
            try statement.run()
        } catch let error as SQLiteError {
            try? FileManager.default.removeItem(atPath: temporary)
            TemporaryOutputs.unregister(temporary)
            throw VaultError(.storage, "cannot back up the vault to \(path): \(error)")
        }
        try VaultBackupFile.publish(temporary, at: path, beforePublish: beforePublish)
    }

    public func inTransaction<T>(_ body: () throws -> T) throws -> T {
        guard connection.isAutocommit else { return try body() }
        do {
            return try connection.transaction(.immediate, body)
        } catch let error as VaultError {
            throw error
        } catch let error as VeilError {
            throw error
        } catch {
            throw VaultError(.storage, "the vault \(path) failed: \(error)")
        }
    }

    /// Runs `body`'s reads in one deferred transaction, so they see one snapshot (inside an open transaction it
    /// just runs `body`).
    func inReadTransaction<T>(_ body: () throws -> T) throws -> T {
        guard connection.isAutocommit else { return try body() }
        return try storageStep { try connection.transaction(.deferred, body) }
    }

    public func beginWrites() throws {
        try storageStep { try connection.begin(.immediate) }
    }

    public func commitWrites() throws {
        try storageStep { try connection.commit() }
    }

    public func rollbackWrites() {
        if !connection.isAutocommit { try? connection.rollback() }
    }

    /// Runs one statement; returns the number of rows it changed.
    @discardableResult
    func write(_ sql: String, bind: (SQLiteStatement) throws -> Void) throws -> Int {
        try storageStep {
            let statement = try prepared(sql)
            defer { try? statement.reset() }
            try bind(statement)
            try statement.run()
            return connection.changes
        }
    }

    /// Runs one query and maps its rows.
    func read<T>(_ sql: String, bind: (SQLiteStatement) throws -> Void, map: (SQLiteRow) throws -> T) throws -> [T] {
        try storageStep {
            let statement = try prepared(sql)
            defer { try? statement.reset() }
            try bind(statement)
            var rows: [T] = []
            while let row = try statement.step() { rows.append(try map(row)) }
            return rows
        }
    }

    private func prepared(_ sql: String) throws -> SQLiteStatement {
        if let statement = statements[sql] { return statement }
        let statement = try connection.prepare(sql)
        statements[sql] = statement
        return statement
    }

    private func storageStep<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError(.storage, "the vault \(path) failed: \(error)")
        }
    }
}
