import Foundation
import VeilCore
import VeilCrypto

/// The token vault: random tokens in each value's own format (``TokenFormat``), convergent (a keyed fingerprint
/// finds a value's existing token, so the same value always gets the same token in a domain), unique per domain,
/// never equal to the value itself, and reversible only through the vault: the original is stored encrypted with
/// AES-256-GCM under a key derived from the data key of the current version, with the domain, the token and the
/// key version as associated data (so a ciphertext moved onto another token, domain or version fails to decrypt).
///
/// Keys: fingerprints use the key store's `fingerprint` key (which never rotates: a value keeps its token across
/// rotations); encryption uses `HKDF(data key vN, "veil-vault/v1|encrypt|vN|domain")`. The vault records which key
/// store it belongs to and refuses another.
///
/// Safe under the pipeline's parallel workers (calls are serialized) and under several processes on one storage
/// (the storage's unique constraints decide races; a loser takes the winner's token).
public final class TokenVault: @unchecked Sendable {
    private let storage: VaultStorage
    private var keys: KeyStore
    private let fingerprintKey: SecureBytes
    private let lock = NSLock()
    private var fingerprinters: [String: HMACSHA256] = [:]
    private var encryptionKeys: [String: SecureBytes] = [:]

    /// How many random draws a value gets before its format counts as exhausted.
    static let maximumDraws = 100

    /// Held writes (see ``holdWrites()``): commit after this many tokens, this long, or this long idle.
    static let heldTokenLimit = 65_536
    static let heldTimeLimit: TimeInterval = 1
    static let idleCommitDelay: TimeInterval = 0.2

    private var holdsWrites = false
    private var held: (since: Date, tokens: Int)?
    private var callSerial = 0

    public init(storage: VaultStorage, keys: KeyStore) throws {
        guard let fingerprint = keys.key(for: .fingerprint) else {
            throw VaultError(
                .otherKeyStore,
                "the key store \(keys.path) has no fingerprint key (it predates vaults): run `veil keys rotate` once")
        }
        self.storage = storage
        self.keys = keys
        self.fingerprintKey = fingerprint.material
        let binding = "fingerprint-key:\(fingerprint.id)"
        if let recorded = try storage.binding() {
            guard recorded == binding else {
                throw VaultError(.otherKeyStore, "the vault belongs to another key store; refusing to mix them")
            }
        } else {
            try storage.setBinding(binding)
        }
    }

    deinit {
        if held != nil { storage.rollbackWrites() }
    }

    /// Uses `keys` — the same key store opened again after a rotation, retirement or rewrap — from now on. Keys
    /// derived from the old opening are dropped, so a version `keys` retires no longer decrypts, not even from a cache.
    /// Refuses another key store (another fingerprint key).
    public func adopt(_ keys: KeyStore) throws {
        guard keys.key(for: .fingerprint)?.material == fingerprintKey else {
            throw VaultError(.otherKeyStore, "the vault belongs to another key store; refusing to mix them")
        }
        lock.withLock {
            self.keys = keys
            encryptionKeys = [:]
        }
    }

    /// Lets one write transaction span many ``tokens(for:domain:)`` calls — committed after 65,536 tokens, after a
    /// second, after 0.2 s without a call, and at ``flush()`` — instead of one per call. Tokens are random, so each
    /// insert lands at a random place in the vault's indexes; fewer, larger commits rewrite each index page far
    /// fewer times. For a masking run, which calls continuously and flushes before publishing its output; other
    /// writers wait at most about a second. A failure before the commit rolls the held tokens back, which is safe
    /// because the run that received them publishes nothing.
    public func holdWrites() {
        lock.withLock { holdsWrites = true }
    }

    /// Commits held writes, if any (a run calls it before publishing its output).
    public func flush() throws {
        try lock.withLock { try commitHeld() }
    }

    /// The tokens of `values` in `domain` (existing ones where the value was seen before), in order.
    public func tokens(for values: [String], domain: String) throws -> [String] {
        try lock.withLock {
            callSerial += 1
            if holdsWrites && held == nil {
                try storage.beginWrites()
                held = (Date(), 0)
            }
            do {
                let tokens = try storage.inTransaction { try values.map { try token(for: $0, domain: domain) } }
                if let current = held {
                    held = (current.since, current.tokens + values.count)
                    if current.tokens + values.count >= Self.heldTokenLimit
                        || Date().timeIntervalSince(current.since) >= Self.heldTimeLimit
                    {
                        try commitHeld()
                    } else {
                        scheduleIdleCommit()
                    }
                }
                return tokens
            } catch {
                if held != nil {
                    storage.rollbackWrites()
                    held = nil
                }
                throw error
            }
        }
    }

    private func commitHeld() throws {
        guard held != nil else { return }
        held = nil
        try storage.commitWrites()
    }

    /// Commits held writes when no call came for ``idleCommitDelay`` (so other writers never wait on a pause).
    private func scheduleIdleCommit() {
        let serial = callSerial
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.idleCommitDelay) { [weak self] in
            guard let self else { return }
            self.lock.withLock {
                guard self.callSerial == serial else { return }
                try? self.commitHeld()
            }
        }
    }

    /// The tokens `values` already have in `domain`, in order (nil where a value has none); never issues a token or
    /// writes to the vault. `veil verify` recomputes a tokenized column's expected output with it.
    public func existingTokens(for values: [String], domain: String) throws -> [String?] {
        try lock.withLock {
            let fingerprinter = fingerprinter(for: domain)
            return try values.map { value in
                try storage.token(domain: domain, fingerprint: fingerprinter.authenticationCode(for: value).bytes)
            }
        }
    }

    /// The original behind `token` in `domain`, or nil when the vault has no such token.
    /// - Throws: ``VaultError/Kind/tampered`` when the stored ciphertext does not decrypt; a `.keyStore`
    ///   ``VeilError`` when its key version is retired.
    public func original(of token: String, domain: String) throws -> String? {
        try lock.withLock {
            guard let entry = try storage.entry(domain: domain, token: token) else { return nil }
            let key = try encryptionKey(version: entry.keyVersion, domain: domain, decrypting: true)
            do {
                let box = try AESGCM.SealedBox(combined: entry.ciphertext)
                let plain = try AESGCM.open(
                    box, using: key, authenticating: Self.associatedData(domain, token, entry.keyVersion))
                guard let text = String(validating: plain, as: UTF8.self) else { throw VaultError(.tampered, "") }
                return text
            } catch {
                throw VaultError(
                    .tampered, "a stored original in domain \(domain) does not decrypt: the vault was altered")
            }
        }
    }

    /// Deletes the mappings of these originals, so their tokens can never be reversed again (erasure on request).
    /// Returns how many mappings existed and were deleted.
    ///
    /// `beforeCommit` gets the number deleted while the deletion is still uncommitted (for the audit entry); if it
    /// throws, nothing is deleted.
    public func forget(_ originals: [String], domain: String, beforeCommit: (Int) throws -> Void = { _ in }) throws
        -> Int
    {
        try lock.withLock {
            let fingerprinter = fingerprinter(for: domain)
            let fingerprints = originals.map { fingerprinter.authenticationCode(for: $0).bytes }
            return try storage.inTransaction {
                let deleted = try storage.delete(domain: domain, fingerprints: fingerprints)
                try beforeCommit(deleted)
                return deleted
            }
        }
    }

    /// Runs `body` on the storage, serialized with every other call.
    func withStorage<T>(_ body: (VaultStorage) throws -> T) throws -> T {
        try lock.withLock { try body(storage) }
    }

    /// A consistent copy of the vault, still encrypted, as a SQLite file at `path` (0600).
    public func backup(to path: String, beforePublish: () throws -> Void = {}) throws {
        try lock.withLock { try storage.backup(to: path, beforePublish: beforePublish) }
    }

    // MARK: - One value

    private func token(for value: String, domain: String) throws -> String {
        let fingerprint = fingerprinter(for: domain).authenticationCode(for: value).bytes
        if let existing = try storage.token(domain: domain, fingerprint: fingerprint) { return existing }
        guard TokenFormat.capacity(of: value) > 1 else {
            throw VaultError(
                .formatExhausted, "a value in domain \(domain) has no letters or digits to tokenize")
        }
        let version = keys.currentVersion
        let key = try encryptionKey(version: version, domain: domain, decrypting: false)
        for _ in 0..<Self.maximumDraws {
            let token = TokenFormat.randomToken(like: value)
            if token == value { continue }
            let box = try AESGCM.seal(
                Array(value.utf8), using: key, authenticating: Self.associatedData(domain, token, version))
            let entry = VaultEntry(
                domain: domain, token: token, fingerprint: fingerprint, keyVersion: version, ciphertext: box.combined)
            switch try storage.insert(entry) {
            case .inserted: return token
            case .fingerprintExists(let winner): return winner
            case .tokenTaken: continue
            }
        }
        throw VaultError(
            .formatExhausted,
            "no free token of a value's format is left in domain \(domain) after \(Self.maximumDraws) draws")
    }

    private func fingerprinter(for domain: String) -> HMACSHA256 {
        if let cached = fingerprinters[domain] { return cached }
        let derived = try! HKDF.deriveKey(
            inputKeyMaterial: fingerprintKey, salt: [], info: Array("veil-vault/v1|fingerprint|\(domain)".utf8),
            outputByteCount: 32)
        let fingerprinter = HMACSHA256(key: derived)
        fingerprinters[domain] = fingerprinter
        return fingerprinter
    }

    private func encryptionKey(version: Int, domain: String, decrypting: Bool) throws -> SecureBytes {
        let cacheKey = "\(version)|\(domain)"
        if let cached = encryptionKeys[cacheKey] { return cached }
        let dataKey = decrypting ? try keys.decryptionKey(version: version) : keys.current
        let derived = try HKDF.deriveKey(
            inputKeyMaterial: dataKey.material, salt: [],
            info: Array("veil-vault/v1|encrypt|v\(version)|\(domain)".utf8),
            outputByteCount: 32)
        encryptionKeys[cacheKey] = derived
        return derived
    }

    /// Domain, token and version, each length-prefixed so no two triples give the same bytes.
    static func associatedData(_ domain: String, _ token: String, _ version: Int) -> [UInt8] {
        Array("veil-vault/v1|\(domain.utf8.count):\(domain)|\(token.utf8.count):\(token)|v\(version)".utf8)
    }
}
