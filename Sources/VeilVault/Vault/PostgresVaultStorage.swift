import Foundation
import PostgresDriver

/// A vault in a PostgreSQL database, for a vault shared by several machines. Same tables and semantics as
/// ``SQLiteVaultStorage``: a primary key on `(domain, token)` and a unique constraint on `(domain, fingerprint)`
/// keep it one-to-one whoever writes; `bytea` values travel as hex text.
///
/// Writers: a transaction that inserts or deletes first takes a transaction-level advisory lock (like SQLite's
/// `BEGIN IMMEDIATE`, but only once it has something to write), so two batches never wait on each other's rows
/// and cannot deadlock; lookups of existing tokens never wait. Errors are ``VaultError/Kind/storage`` with the
/// driver's message, which never holds a value, a token or a password.
public final class PostgresVaultStorage: VaultStorage {
    let connection: PostgresConnection
    /// Where the vault is, for messages: host, port, database and schema; never the user or the password.
    let label: String
    /// `"schema".veil_tokens`.
    let tokensTable: String
    /// `"schema".veil_vault`.
    let bindingTable: String
    /// The schema name, the advisory locks' second key.
    let schema: String
    /// Whether the open transaction already holds the write lock.
    private var holdsWriteLock = false

    /// First key of the vault's advisory locks (`'veil'` as an int4); the second is `hashtext` of a purpose and
    /// the schema, so vaults in different schemas of one database do not serialize each other.
    static let lockSpace = 0x7665_696C

    /// Connects with `conninfo` (a `postgresql://` URL or a `key=value` string) and creates the schema and tables
    /// when missing (under an advisory lock, so two processes starting at once do not collide).
    /// - Throws: ``VaultError/Kind/storage`` when the server cannot be reached, refuses the login or the tables.
    public init(conninfo: String, schema: String = "public") throws {
        let label = Self.label(conninfo: conninfo, schema: schema)
        do {
            let connection = try PostgresConnection(conninfo: conninfo)
            let quoted = try connection.quoteIdentifier(schema)
            self.connection = connection
            self.label = label
            self.schema = schema
            tokensTable = quoted + ".veil_tokens"
            bindingTable = quoted + ".veil_vault"
        } catch {
            throw VaultError(.storage, "cannot open the PostgreSQL vault \(label): \(error)")
        }
        try createTablesIfNeeded()
        try createRequestTableIfNeeded()
    }

    public func token(domain: String, fingerprint: [UInt8]) throws -> String? {
        try storageStep {
            let result = try connection.execute(
                "SELECT token FROM \(tokensTable) WHERE domain = $1 AND fingerprint = decode($2, 'hex')",
                parameters: [domain, ByteaHex.encode(fingerprint)])
            return result.rowCount == 0 ? nil : result.value(row: 0, column: 0)
        }
    }

    public func insert(_ entry: VaultEntry) throws -> VaultInsertOutcome {
        try storageStep {
            try lockForWrites()
            let result = try connection.execute(
                "INSERT INTO \(tokensTable) (domain, token, fingerprint, key_version, ciphertext) "
                    + "VALUES ($1, $2, decode($3, 'hex'), $4::integer, decode($5, 'hex')) ON CONFLICT DO NOTHING",
                parameters: [
                    entry.domain, entry.token, ByteaHex.encode(entry.fingerprint), String(entry.keyVersion),
                    ByteaHex.encode(entry.ciphertext),
                ])
            if result.affectedRowCount == 1 { return .inserted }
            if let existing = try token(domain: entry.domain, fingerprint: entry.fingerprint) {
                return .fingerprintExists(token: existing)
            }
            return .tokenTaken
        }
    }

    public func entry(domain: String, token: String) throws -> VaultEntry? {
        try storageStep {
            let result = try connection.execute(
                "SELECT encode(fingerprint, 'hex'), key_version, encode(ciphertext, 'hex') FROM \(tokensTable) "
                    + "WHERE domain = $1 AND token = $2",
                parameters: [domain, token])
            guard result.rowCount > 0 else { return nil }
            guard let fingerprint = result.value(row: 0, column: 0).flatMap(ByteaHex.decode),
                let keyVersion = result.value(row: 0, column: 1).flatMap({ Int($0) }),
                let ciphertext = result.value(row: 0, column: 2).flatMap(ByteaHex.decode)
            else {
                throw VaultError(
                    .storage, "the PostgreSQL vault \(label) returned an unreadable entry in domain \(domain)")
            }
            return VaultEntry(
                domain: domain, token: token, fingerprint: fingerprint, keyVersion: keyVersion, ciphertext: ciphertext)
        }
    }

    public func delete(domain: String, fingerprints: [[UInt8]]) throws -> Int {
        try inTransaction {
            try storageStep {
                try lockForWrites()
                var deleted = 0
                for fingerprint in fingerprints {
                    let result = try connection.execute(
                        "DELETE FROM \(tokensTable) WHERE domain = $1 AND fingerprint = decode($2, 'hex')",
                        parameters: [domain, ByteaHex.encode(fingerprint)])
                    deleted += result.affectedRowCount ?? 0
                }
                return deleted
            }
        }
    }

    public func binding() throws -> String? {
        try storageStep {
            let result = try connection.execute("SELECT value FROM \(bindingTable) WHERE name = 'keystore'")
            return result.rowCount == 0 ? nil : result.value(row: 0, column: 0)
        }
    }

    public func setBinding(_ value: String) throws {
        try storageStep {
            try connection.execute(
                "INSERT INTO \(bindingTable) (name, value) VALUES ('keystore', $1) ON CONFLICT (name) DO NOTHING",
                parameters: [value])
        }
    }

    public func setting(_ name: String) throws -> String? {
        try storageStep {
            let result = try connection.execute("SELECT value FROM \(bindingTable) WHERE name = $1", parameters: [name])
            return result.rowCount == 0 ? nil : result.value(row: 0, column: 0)
        }
    }

    public func setSetting(_ name: String, to value: String) throws {
        try storageStep {
            try connection.execute(
                "INSERT INTO \(bindingTable) (name, value) VALUES ($1, $2) "
                    + "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                parameters: [name, value])
        }
    }

    public func beginWrites() throws {
        holdsWriteLock = false
        try storageStep { try connection.begin() }
    }

    public func commitWrites() throws {
        try storageStep { try connection.commit() }
        holdsWriteLock = false
    }

    public func rollbackWrites() {
        if connection.transactionStatus == .inTransaction { try? connection.rollback() }
        holdsWriteLock = false
    }

    /// `BEGIN` ... `COMMIT` (read committed); a call inside an open transaction just runs `body`.
    public func inTransaction<T>(_ body: () throws -> T) throws -> T {
        guard connection.transactionStatus == .idle else { return try body() }
        holdsWriteLock = false
        defer { holdsWriteLock = false }
        return try storageStep { try connection.transaction(body) }
    }

    /// Inside a transaction, takes the vault's write lock once (held until the transaction ends). A lone
    /// statement outside one needs no lock: it waits for at most one other writer and holds nothing while it does.
    private func lockForWrites() throws {
        guard connection.transactionStatus == .inTransaction, !holdsWriteLock else { return }
        try connection.execute(
            "SELECT pg_advisory_xact_lock(\(Self.lockSpace), hashtext($1))", parameters: ["write|" + schema])
        holdsWriteLock = true
    }

    /// Runs `body`, turning driver errors (already free of values and passwords) into storage errors.
    @discardableResult
    func storageStep<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            throw VaultError(.storage, "the PostgreSQL vault \(label) failed: \(error)")
        }
    }

    /// `host:port/database` (and the schema unless `public`), from the parsed conninfo without its password.
    static func label(conninfo: String, schema: String) -> String {
        guard let settings = try? ConnectionInfo(conninfo).settings else { return "(unparsable connection string)" }
        let host = settings["host"] ?? settings["hostaddr"] ?? "localhost"
        let port = settings["port"].map { ":" + $0 } ?? ""
        let database = settings["dbname"].map { "/" + $0 } ?? ""
        let suffix = schema == "public" ? "" : " (schema \(schema))"
        return host + port + database + suffix
    }
}
