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
/// the store refuse to open (with the same error as a wrong secret). Only format 2, the one written with a MAC, is
/// read: format 1 (no MAC, never written since key retirement existed) is refused like a damaged file, so a store
/// cannot be "downgraded" to skip the check. `generation` counts the writes (create 1, then +1 per rotate, rewrap
/// or retire); the audit log's head remembers the newest one seen, so an older copy of the file is refused.
///
/// Purposes: `data` keys are versioned (new masking uses `currentVersion`; older versions still decrypt unless
/// below `minimumDecryptionVersion`); `audit` (the audit log's MAC key) and `fingerprint` (convergent token
/// lookups) keys are single and never rotate, so the audit chain and token lookups survive data-key rotation.
struct KeyStoreFile: Codable, Equatable {
    static let formatName = "veil-keystore"
    /// 2: the file carries `mac`, an HMAC over its exact bytes. The only version read or written.
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
    /// How many times the store was written (1 when created; absent in stores written before it existed: 0).
    var generation: Int?
    /// Hex HMAC-SHA256 over the file's bytes with this value zeroed.
    var mac: String?

    /// The associated data that binds a wrapped key to its identity, so entries cannot be swapped.
    static func associatedData(id: String, version: Int, purpose: String) -> [UInt8] {
        Array("veil-keystore/v1|\(id)|\(version)|\(purpose)".utf8)
    }

    /// Reads and decodes `path`, after checking that only its owner can read it. Returns the exact bytes too, for
    /// ``verify(_:kek:)``. Anything but a format 2 Veil key store is ``damaged(_:)``.
    static func read(_ path: String) throws -> (file: KeyStoreFile, bytes: [UInt8]) {
        try SecureFile.checkPrivate(path, what: "key store")
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw VeilError(.keyStore, "cannot read the key store \(path)")
        }
        guard let file = try? JSONDecoder().decode(KeyStoreFile.self, from: Data(bytes)), file.format == formatName,
            file.formatVersion == currentFormatVersion, file.mac != nil
        else { throw damaged(path) }
        return (file, bytes)
    }

    /// The one error for a wrong secret or a damaged, downgraded or foreign store: it says nothing about which.
    static func damaged(_ path: String) -> VeilError {
        VeilError(.keyStore, "key store \(path) is locked: wrong passphrase or key, or damaged file")
    }

    /// Checks the file's MAC against its exact bytes; `false` when it does not match, is missing, or the file is
    /// not the current format.
    func verify(_ bytes: [UInt8], kek: SecureBytes) -> Bool {
        guard formatVersion == Self.currentFormatVersion, let mac, mac.utf8.count == 64,
            let range = Self.uniqueRange(of: Array(mac.utf8), in: bytes),
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
    /// a kill leaves the old or the new. `beforeRename` runs once the new file is safely on disk but not yet in
    /// place (for the audit entry that must precede the change); if it throws, nothing changes.
    func write(to path: String, kek: SecureBytes, beforeRename: () throws -> Void = {}) throws {
        try SecureFile.writeAtomically(try sealedBytes(kek: kek), to: path, beforeRename: beforeRename)
    }

    /// The file's bytes in the current format, with its MAC.
    func sealedBytes(kek: SecureBytes) throws -> [UInt8] {
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
        return bytes
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
