import Foundation
import VeilCore
import VeilCrypto

/// An opened key store: the unwrapped data keys, held in wiped storage.
///
/// The file holds versioned data keys, each wrapped with AES-256-GCM under a key-encryption key
/// derived from a passphrase with scrypt (N = 2^17, r = 8, p = 1 by default; parameters stored in
/// the file). The id, version and purpose of each key are bound as associated data. A wrong
/// passphrase and a damaged file give the same error, so the store leaks nothing about which.
public struct KeyStore: Sendable {
    /// One unwrapped data key.
    public struct DataKey: Sendable {
        public let id: String
        public let version: Int
        public let created: String
        public let material: SecureBytes
    }

    public let path: String
    public let currentVersion: Int
    public let dataKeys: [DataKey]

    /// The data key new masking uses.
    public var current: DataKey {
        dataKeys.first { $0.version == currentVersion }!
    }

    /// Creates a new key store at `path` with one random 256-bit data key (version 1).
    /// Refuses to overwrite an existing store.
    @discardableResult
    public static func create(
        at path: String, passphrase: SecureBytes, parameters: Scrypt.Parameters = .standard, now: Date = Date()
    ) throws -> KeyStore {
        guard !SecureFile.exists(path) else {
            throw VeilError(.keyStore, "a key store already exists at \(path); refusing to overwrite it")
        }
        guard passphrase.count >= 8 else {
            throw VeilError(.keyStore, "the passphrase is too short (at least 8 bytes)")
        }
        let salt = SecureRandom.bytes(count: 16)
        let kek = try deriveKEK(passphrase: passphrase, salt: salt, parameters: parameters)
        let id = SecureRandom.bytes(count: 8).map { String(format: "%02x", $0) }.joined()
        let created = ISO8601DateFormatter().string(from: now)
        let material = SecureBytes.random(count: 32)
        let wrapped = try wrap(material, id: id, version: 1, purpose: "data", kek: kek)
        let file = KeyStoreFile(
            format: KeyStoreFile.formatName, formatVersion: KeyStoreFile.currentFormatVersion,
            kek: .init(
                kind: "passphrase", kdf: "scrypt", n: parameters.n, r: parameters.r, p: parameters.p,
                salt: Data(salt).base64EncodedString()),
            currentVersion: 1,
            keys: [.init(id: id, version: 1, purpose: "data", created: created, wrapped: wrapped)]
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let bytes: [UInt8]
        do { bytes = Array(try encoder.encode(file)) + [0x0A] } catch {
            throw VeilError(.internal, "cannot encode the key store")
        }
        try SecureFile.writeAtomically(bytes, to: path)
        return KeyStore(
            path: path, currentVersion: 1,
            dataKeys: [DataKey(id: id, version: 1, created: created, material: material)])
    }

    /// Opens the store at `path`: checks its permissions, derives the KEK and unwraps every data key.
    public static func open(at path: String, passphrase: SecureBytes) throws -> KeyStore {
        try SecureFile.checkPrivate(path, what: "key store")
        let file: KeyStoreFile
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            file = try JSONDecoder().decode(KeyStoreFile.self, from: data)
        } catch {
            throw VeilError(.keyStore, "key store \(path) is unreadable or not a Veil key store")
        }
        guard file.format == KeyStoreFile.formatName, file.formatVersion == KeyStoreFile.currentFormatVersion else {
            throw VeilError(.keyStore, "key store \(path) has an unsupported format")
        }
        guard file.kek.kind == "passphrase", file.kek.kdf == "scrypt",
            let n = file.kek.n, let r = file.kek.r, let p = file.kek.p,
            let saltText = file.kek.salt, let salt = Data(base64Encoded: saltText)
        else {
            throw VeilError(.keyStore, "key store \(path) does not use a passphrase key-encryption key")
        }
        let kek = try deriveKEK(passphrase: passphrase, salt: Array(salt), parameters: .init(n: n, r: r, p: p))
        var keys: [DataKey] = []
        for entry in file.keys {
            guard let combined = Data(base64Encoded: entry.wrapped) else { throw locked(path) }
            let aad = KeyStoreFile.associatedData(id: entry.id, version: entry.version, purpose: entry.purpose)
            do {
                let box = try AESGCM.SealedBox(combined: Array(combined))
                var plain = try AESGCM.open(box, using: kek, authenticating: aad)
                keys.append(
                    DataKey(id: entry.id, version: entry.version, created: entry.created, material: SecureBytes(plain)))
                for index in plain.indices { plain[index] = 0 }
            } catch {
                throw locked(path)
            }
        }
        guard keys.contains(where: { $0.version == file.currentVersion }) else { throw locked(path) }
        return KeyStore(path: path, currentVersion: file.currentVersion, dataKeys: keys)
    }

    /// The one error for a wrong passphrase or a tampered store.
    private static func locked(_ path: String) -> VeilError {
        VeilError(.keyStore, "key store \(path) is locked: wrong passphrase or damaged file")
    }

    private static func deriveKEK(passphrase: SecureBytes, salt: [UInt8], parameters: Scrypt.Parameters) throws
        -> SecureBytes
    {
        guard parameters.n >= Scrypt.Parameters.standard.n, parameters.r >= 8, parameters.p >= 1 else {
            throw VeilError(.keyStore, "key store scrypt parameters are weaker than N=2^17, r=8, p=1")
        }
        do {
            return try Scrypt.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters, outputByteCount: 32)
        } catch {
            throw VeilError(.keyStore, "cannot derive the key-encryption key (scrypt failed)")
        }
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
