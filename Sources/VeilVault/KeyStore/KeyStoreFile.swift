import Foundation
import VeilCore
import VeilCrypto

/// The on-disk form of a key store: JSON, one file, mode 0600.
///
/// Every key has an id, a version and a purpose, and is wrapped on its own (AES-256-GCM, with id, version and
/// purpose as associated data, so entries cannot be swapped), so a rotation is one more entry and a rewrap
/// rewrites only the `wrapped` fields and the `kek` block. The key-encryption key (KEK) never touches the disk.
///
/// Integrity: `mac` is HMAC-SHA256, under a key derived from the KEK, over the file's exact bytes with the `mac`
/// value itself zeroed, so changing any byte — a version number, a date, the scrypt parameters, whitespace — makes
/// the store refuse to open (with the same error as a wrong secret).
///
/// Purposes: `data` keys are versioned (new masking uses `currentVersion`; older versions still decrypt unless
/// below `minimumDecryptionVersion`); `audit` (the audit log's MAC key) and `fingerprint` (convergent token
/// lookups) keys are single and never rotate, so the audit chain and token lookups survive data-key rotation.
struct KeyStoreFile: Codable, Equatable {
    static let formatName = "veil-keystore"
    /// 2: the file carries `mac`, an HMAC over its exact bytes. 1 (read only): no `mac`.
    static let currentFormatVersion = 2

    struct KeyEncryptionKey: Codable, Equatable {
        /// `passphrase` (scrypt) or `command` (an external command prints the KEK itself).
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
    /// Data keys below this version are refused for decryption (nil: every version decrypts).
    var minimumDecryptionVersion: Int?
    var keys: [WrappedKey]
    /// Hex HMAC-SHA256 over the file's bytes with this value zeroed (format 2).
    var mac: String?

    /// The associated data that binds a wrapped key to its identity, so entries cannot be swapped.
    static func associatedData(id: String, version: Int, purpose: String) -> [UInt8] {
        Array("veil-keystore/v1|\(id)|\(version)|\(purpose)".utf8)
    }

    /// Reads and decodes `path`, after checking that only its owner can read it. Returns the exact bytes too, for
    /// ``verify(_:kek:path:)``.
    static func read(_ path: String) throws -> (file: KeyStoreFile, bytes: [UInt8]) {
        try SecureFile.checkPrivate(path, what: "key store")
        let bytes: [UInt8]
        let file: KeyStoreFile
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            file = try JSONDecoder().decode(KeyStoreFile.self, from: Data(bytes))
        } catch {
            throw VeilError(.keyStore, "key store \(path) is unreadable or not a Veil key store")
        }
        guard file.format == formatName, file.formatVersion == 1 || file.formatVersion == currentFormatVersion else {
            throw VeilError(.keyStore, "key store \(path) has an unsupported format")
        }
        return (file, bytes)
    }

    /// Checks the file's MAC against its exact bytes; `false` when it does not match (or is missing in format 2,
    /// or present in format 1).
    func verify(_ bytes: [UInt8], kek: SecureBytes) -> Bool {
        guard formatVersion == Self.currentFormatVersion else { return mac == nil }
        guard let mac, mac.utf8.count == 64, let range = Self.uniqueRange(of: Array(mac.utf8), in: bytes),
            let key = try? Self.macKey(kek)
        else { return false }
        var zeroed = bytes
        zeroed.replaceSubrange(range, with: Self.zeroMAC)
        let expected = Array(HMACSHA256(key: key).authenticationCode(for: zeroed).hexString.utf8)
        var difference: UInt8 = 0
        for (a, b) in zip(expected, mac.utf8) { difference |= a ^ b }
        return difference == 0
    }

    /// Writes the file in the current format with its MAC, atomically (temporary file, fsync, rename; mode 0600):
    /// a kill leaves the old or the new.
    func write(to path: String, kek: SecureBytes) throws {
        var sealed = self
        sealed.formatVersion = Self.currentFormatVersion
        sealed.mac = String(decoding: Self.zeroMAC, as: UTF8.self)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var bytes: [UInt8]
        do { bytes = Array(try encoder.encode(sealed)) + [0x0A] } catch {
            throw VeilError(.internal, "cannot encode the key store")
        }
        guard let range = Self.uniqueRange(of: Self.zeroMAC, in: bytes) else {
            throw VeilError(.internal, "cannot place the key store's MAC")
        }
        let key = try Self.macKey(kek)
        bytes.replaceSubrange(range, with: Array(HMACSHA256(key: key).authenticationCode(for: bytes).hexString.utf8))
        try SecureFile.writeAtomically(bytes, to: path)
    }

    private static let zeroMAC = [UInt8](repeating: UInt8(ascii: "0"), count: 64)

    private static func macKey(_ kek: SecureBytes) throws -> SecureBytes {
        do {
            return try HKDF.deriveKey(
                inputKeyMaterial: kek, salt: [], info: Array("veil-keystore/v2|file-mac".utf8), outputByteCount: 32)
        } catch {
            throw VeilError(.internal, "cannot derive the key store's MAC key")
        }
    }

    /// The range of the only occurrence of `needle` in `haystack`; nil when absent or repeated.
    private static func uniqueRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard needle.count <= haystack.count else { return nil }
        var found: Range<Int>?
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
                if found != nil { return nil }
                found = start..<(start + needle.count)
            }
            start += 1
        }
        return found
    }
}
