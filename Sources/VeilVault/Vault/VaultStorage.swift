/// One stored mapping: a token, the keyed fingerprint of its original, and the original encrypted.
public struct VaultEntry: Sendable, Equatable {
    public var domain: String
    public var token: String
    /// HMAC of the original under the domain's fingerprint key: finds a value's token without decrypting.
    public var fingerprint: [UInt8]
    public var keyVersion: Int
    /// AES-256-GCM nonce || ciphertext || tag of the original, AAD = domain, token, key version.
    public var ciphertext: [UInt8]

    public init(domain: String, token: String, fingerprint: [UInt8], keyVersion: Int, ciphertext: [UInt8]) {
        self.domain = domain
        self.token = token
        self.fingerprint = fingerprint
        self.keyVersion = keyVersion
        self.ciphertext = ciphertext
    }
}

/// What an insert found.
public enum VaultInsertOutcome: Sendable, Equatable {
    case inserted
    /// Another writer stored this fingerprint first: use its token.
    case fingerprintExists(token: String)
    /// The token is already another value's: draw another.
    case tokenTaken
}

/// Where a vault keeps its entries: a SQLite file or a PostgreSQL database, safe for several processes at once
/// (uniqueness of `(domain, token)` and `(domain, fingerprint)` is enforced by the storage itself). An instance is
/// used by one thread at a time (``TokenVault`` serializes calls).
public protocol VaultStorage: AnyObject {
    /// The token stored for a fingerprint, if any.
    func token(domain: String, fingerprint: [UInt8]) throws -> String?
    /// Inserts `entry` unless its fingerprint or token exists in its domain.
    func insert(_ entry: VaultEntry) throws -> VaultInsertOutcome
    /// The entry of a token, if any.
    func entry(domain: String, token: String) throws -> VaultEntry?
    /// Deletes the entries of these fingerprints; returns how many were deleted.
    func delete(domain: String, fingerprints: [[UInt8]]) throws -> Int
    /// The key-store binding recorded in the vault (set on first use).
    func binding() throws -> String?
    func setBinding(_ value: String) throws
    /// A named setting of the vault (e.g. how a reversible domain was masked), or nil.
    func setting(_ name: String) throws -> String?
    /// Sets (or replaces) a named setting.
    func setSetting(_ name: String, to value: String) throws
    /// Writes a consistent copy of every entry, still encrypted, to a new SQLite file at `path`. `beforePublish`
    /// runs when the copy is complete but not yet at `path`; if it throws, nothing is published.
    func backup(to path: String, beforePublish: () throws -> Void) throws
    /// Runs `body` in one write transaction (a batch of lookups and inserts); inside an open transaction (see
    /// ``beginWrites()``) it just runs `body`.
    func inTransaction<T>(_ body: () throws -> T) throws -> T
    /// Opens a write transaction that spans several ``inTransaction(_:)`` calls (taking the write lock).
    func beginWrites() throws
    /// Commits the transaction ``beginWrites()`` opened.
    func commitWrites() throws
    /// Rolls it back (best effort).
    func rollbackWrites()
}
