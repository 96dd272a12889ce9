import Foundation

/// The on-disk form of a key store: JSON, one file, mode 0600.
///
/// Designed for rotation and rewrap (later): every data key has an id, a version and a purpose, and is
/// wrapped on its own, so a new version is one more entry and a rewrap rewrites only the `wrapped`
/// fields and the `kek` block. The key-encryption key (KEK) never touches the disk.
struct KeyStoreFile: Codable, Equatable {
    static let formatName = "veil-keystore"
    static let currentFormatVersion = 1

    struct KeyEncryptionKey: Codable, Equatable {
        /// `passphrase` (scrypt) today; `command` (external KMS) later.
        var kind: String
        var kdf: String?
        var n: UInt64?
        var r: UInt64?
        var p: UInt64?
        /// Base64 salt for the KDF.
        var salt: String?
    }

    struct WrappedKey: Codable, Equatable {
        var id: String
        var version: Int
        var purpose: String
        var created: String
        /// Base64 of AES-256-GCM nonce || ciphertext || tag, with AAD binding id, version and purpose.
        var wrapped: String
    }

    var format: String
    var formatVersion: Int
    var kek: KeyEncryptionKey
    /// The data-key version that new masking uses.
    var currentVersion: Int
    var keys: [WrappedKey]

    /// The associated data that binds a wrapped key to its identity, so entries cannot be swapped.
    static func associatedData(id: String, version: Int, purpose: String) -> [UInt8] {
        Array("veil-keystore/v1|\(id)|\(version)|\(purpose)".utf8)
    }
}
