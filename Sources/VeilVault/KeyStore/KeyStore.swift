import Foundation
import VeilCore
import VeilCrypto

/// An opened key store: the unwrapped keys, held in wiped storage.
///
/// The file (see ``KeyStoreFile``) holds versioned data keys and single-purpose keys, each wrapped with
/// AES-256-GCM under a key-encryption key (KEK) that comes from a passphrase through scrypt (N = 2^17, r = 8,
/// p = 1 by default; parameters stored in the file) or from an external command (``KeySecret``). A wrong secret
/// and a damaged file give the same error, so the store leaks nothing about which.
///
/// Maintenance (``rotated(now:beforeCommit:)``, ``rewrapped(with:parameters:now:beforeCommit:)``,
/// ``retiring(below:beforeCommit:)``) writes the whole file atomically: a kill leaves a store that opens with the old
/// or the new secret, never neither. Each takes a `beforeCommit` step that sees the new store once it is safely on
/// disk but before it replaces the old one (the audit entry goes there: if it cannot be written, nothing changes).
/// Every write raises ``generation``.
public struct KeyStore: Sendable {
    /// One unwrapped key.
    public struct DataKey: Sendable {
        public let id: String
        public let version: Int
        public let purpose: String
        public let created: String
        public let material: SecureBytes
    }

    /// Purposes of the keys that are not versioned data keys.
    public enum Purpose: String, Sendable, CaseIterable {
        /// The audit log's MAC key.
        case audit
        /// Keyed fingerprints that find a value's existing token (convergent tokenization).
        case fingerprint
        /// Staff accounts: encrypts their TOTP secrets.
        case access
        /// Run manifests: the 32-byte Ed25519 seed that signs them (the public key goes into every manifest).
        case manifest
    }

    public let path: String
    /// How many times the file was written (1 when created); an older copy of the file has a smaller one.
    public let generation: Int
    public let currentVersion: Int
    /// Data keys below this version are refused for decryption.
    public let minimumDecryptionVersion: Int
    /// The versioned data keys, oldest first.
    public let dataKeys: [DataKey]
    /// The single-purpose keys.
    public let purposeKeys: [DataKey]
    let file: KeyStoreFile
    let kek: SecureBytes

    /// The data key new masking uses.
    public var current: DataKey {
        dataKeys.first { $0.version == currentVersion }!
    }

    /// The data key of `version`, for reversing a token made with it.
    /// - Throws: `.keyStore` when the version does not exist or is retired (below the minimum decryption version).
    public func decryptionKey(version: Int) throws -> DataKey {
        guard let key = dataKeys.first(where: { $0.version == version }) else {
            throw VeilError(.keyStore, "key store \(path) has no data key version \(version)")
        }
        guard version >= minimumDecryptionVersion else {
            throw VeilError(
                .keyStore,
                "data key version \(version) is retired: this store decrypts only versions \(minimumDecryptionVersion) "
                    + "and newer")
        }
        return key
    }

    /// The key for `purpose`, if the store has one (stores made before purposes existed get one at their next
    /// rotation or rewrap).
    public func key(for purpose: Purpose) -> DataKey? {
        purposeKeys.first { $0.purpose == purpose.rawValue }
    }

    // MARK: - Create and open

    /// Creates a new key store at `path`: one random 256-bit data key (version 1) and one key per ``Purpose``.
    /// Refuses to overwrite an existing store.
    /// `beforeCommit` sees the new store before it appears at `path`; if it throws, no store is created.
    @discardableResult
    public static func create(
        at path: String, secret: KeySecret, parameters: Scrypt.Parameters = .standard, now: Date = Date(),
        beforeCommit: (KeyStore) throws -> Void = { _ in }
    ) throws -> KeyStore {
        guard !SecureFile.exists(path) else {
            throw VeilError(.keyStore, "a key store already exists at \(path); refusing to overwrite it")
        }
        let (block, kek) = try secret.newKEK(parameters: parameters)
        var file = KeyStoreFile(
            format: KeyStoreFile.formatName, formatVersion: KeyStoreFile.currentFormatVersion, kek: block,
            currentVersion: 1, minimumDecryptionVersion: nil, keys: [], generation: 0, mac: nil)
        file.keys.append(try newWrappedKey(version: 1, purpose: "data", kek: kek, now: now))
        for purpose in Purpose.allCases {
            file.keys.append(try newWrappedKey(version: 1, purpose: purpose.rawValue, kek: kek, now: now))
        }
        return try commit(file, kek: kek, path: path, beforeCommit: beforeCommit)
    }

    /// Opens the store at `path`: checks its permissions, derives the KEK, checks the file's MAC and unwraps every
    /// key. Any store this version did not write with a MAC, and any damage, gives one generic error.
    public static func open(at path: String, secret: KeySecret) throws -> KeyStore {
        let (file, bytes) = try KeyStoreFile.read(path)
        let kek = try secret.deriveKEK(for: file.kek, path: path)
        guard file.verify(bytes, kek: kek) else { throw locked(path) }
        return try unwrap(file, kek: kek, path: path)
    }

    /// ``create(at:secret:parameters:now:)`` with a passphrase.
    @discardableResult
    public static func create(
        at path: String, passphrase: SecureBytes, parameters: Scrypt.Parameters = .standard, now: Date = Date()
    ) throws -> KeyStore {
        try create(at: path, secret: .passphrase(passphrase), parameters: parameters, now: now)
    }

    /// ``open(at:secret:)`` with a passphrase.
    public static func open(at path: String, passphrase: SecureBytes) throws -> KeyStore {
        try open(at: path, secret: .passphrase(passphrase))
    }

    // MARK: - Maintenance

    /// Adds data key version `current + 1` and makes it current; older versions still decrypt. Adds any missing
    /// purpose key. Returns the store as written.
    @discardableResult
    public func rotated(now: Date = Date(), beforeCommit: (KeyStore) throws -> Void = { _ in }) throws -> KeyStore {
        var next = file
        let version = (dataKeys.map(\.version).max() ?? 0) + 1
        next.keys.append(try Self.newWrappedKey(version: version, purpose: "data", kek: kek, now: now))
        next.currentVersion = version
        try addMissingPurposeKeys(to: &next, now: now)
        return try Self.commit(next, kek: kek, path: path, beforeCommit: beforeCommit)
    }

    /// Wraps every key again under a new secret (a new passphrase or key command); the keys themselves do not
    /// change, so every token stays valid. Returns the store as written.
    @discardableResult
    public func rewrapped(
        with secret: KeySecret, parameters: Scrypt.Parameters = .standard, now: Date = Date(),
        beforeCommit: (KeyStore) throws -> Void = { _ in }
    ) throws -> KeyStore {
        let (block, newKEK) = try secret.newKEK(parameters: parameters)
        var next = file
        next.kek = block
        try addMissingPurposeKeys(to: &next, now: now)
        next.keys = try next.keys.map { entry in
            let key = try Self.unwrapKey(entry, kek: kek, path: path)
            var rewrapped = entry
            rewrapped.wrapped = try Self.wrap(
                key, id: entry.id, version: entry.version, purpose: entry.purpose, kek: newKEK)
            return rewrapped
        }
        return try Self.commit(next, kek: newKEK, path: path, beforeCommit: beforeCommit)
    }

    /// Refuses data keys below `version` for decryption from now on (tokens made with them can no longer be
    /// reversed); `version` must not be above the current one. Returns the store as written.
    @discardableResult
    public func retiring(below version: Int, beforeCommit: (KeyStore) throws -> Void = { _ in }) throws -> KeyStore {
        guard version >= 1, version <= currentVersion else {
            throw VeilError(
                .usage, "the minimum decryption version must be between 1 and the current version \(currentVersion)")
        }
        var next = file
        next.minimumDecryptionVersion = version
        return try Self.commit(next, kek: kek, path: path, beforeCommit: beforeCommit)
    }

    /// Writes `file` as the next generation: unwraps it first (so what is written opens), lets `beforeCommit` see
    /// the new store, then puts the file in place.
    private static func commit(
        _ file: KeyStoreFile, kek: SecureBytes, path: String, beforeCommit: (KeyStore) throws -> Void
    ) throws -> KeyStore {
        var next = file
        next.generation = (file.generation ?? 0) + 1
        let store = try unwrap(next, kek: kek, path: path)
        try next.write(to: path, kek: kek) { try beforeCommit(store) }
        return store
    }

    private func addMissingPurposeKeys(to file: inout KeyStoreFile, now: Date) throws {
        for purpose in Purpose.allCases where !file.keys.contains(where: { $0.purpose == purpose.rawValue }) {
            file.keys.append(try Self.newWrappedKey(version: 1, purpose: purpose.rawValue, kek: kek, now: now))
        }
    }

    // MARK: - Wrapping

    private init(file: KeyStoreFile, kek: SecureBytes, path: String, keys: [DataKey]) {
        self.file = file
        self.kek = kek
        self.path = path
        generation = file.generation ?? 0
        currentVersion = file.currentVersion
        minimumDecryptionVersion = file.minimumDecryptionVersion ?? 1
        dataKeys = keys.filter { $0.purpose == "data" }.sorted { $0.version < $1.version }
        purposeKeys = keys.filter { $0.purpose != "data" }
    }

    static func unwrap(_ file: KeyStoreFile, kek: SecureBytes, path: String) throws -> KeyStore {
        let keys = try file.keys.map { entry in
            DataKey(
                id: entry.id, version: entry.version, purpose: entry.purpose, created: entry.created,
                material: try unwrapKey(entry, kek: kek, path: path))
        }
        guard keys.contains(where: { $0.purpose == "data" && $0.version == file.currentVersion }) else {
            throw locked(path)
        }
        return KeyStore(file: file, kek: kek, path: path, keys: keys)
    }

    private static func unwrapKey(_ entry: KeyStoreFile.WrappedKey, kek: SecureBytes, path: String) throws
        -> SecureBytes
    {
        guard let combined = Data(base64Encoded: entry.wrapped) else { throw locked(path) }
        let aad = KeyStoreFile.associatedData(id: entry.id, version: entry.version, purpose: entry.purpose)
        do {
            let box = try AESGCM.SealedBox(combined: Array(combined))
            var plain = try AESGCM.open(box, using: kek, authenticating: aad)
            defer { for index in plain.indices { plain[index] = 0 } }
            return SecureBytes(plain)
        } catch {
            throw locked(path)
        }
    }

    private static func newWrappedKey(version: Int, purpose: String, kek: SecureBytes, now: Date) throws
        -> KeyStoreFile.WrappedKey
    {
        let id = SecureRandom.bytes(count: 8).map { String(format: "%02x", $0) }.joined()
        let material = SecureBytes.random(count: 32)
        return KeyStoreFile.WrappedKey(
            id: id, version: version, purpose: purpose, created: ISO8601DateFormatter().string(from: now),
            wrapped: try wrap(material, id: id, version: version, purpose: purpose, kek: kek))
    }

    /// The one error for a wrong secret or a tampered store.
    private static func locked(_ path: String) -> VeilError {
        KeyStoreFile.damaged(path)
    }

    private static func wrap(_ key: SecureBytes, id: String, version: Int, purpose: String, kek: SecureBytes) throws
        -> String
    {
        let aad = KeyStoreFile.associatedData(id: id, version: version, purpose: purpose)
        var plain = key.withUnsafeBytes { Array($0) }
        defer { for index in plain.indices { plain[index] = 0 } }
        let box = try AESGCM.seal(plain, using: kek, authenticating: aad)
        return Data(box.combined).base64EncodedString()
    }
}
