import Foundation
import VeilCore
import VeilCrypto

/// What unlocks a key store: a passphrase (stretched with scrypt, parameters stored in the file) or a 32-byte
/// key-encryption key printed by an external command (`kek: command:CMD`, e.g. a KMS client), so production keys
/// need not be typed.
public enum KeySecret: Sendable {
    case passphrase(SecureBytes)
    case key(SecureBytes)

    /// The KEK from a command's output: 64 hex digits or the base64 of 32 bytes (surrounding whitespace ignored).
    /// The message on failure never quotes the output.
    public static func commandKey(fromOutput output: [UInt8]) throws -> KeySecret {
        var text = output
        defer { for index in text.indices { text[index] = 0 } }
        while let last = text.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { text.removeLast() }
        while let first = text.first, first == 0x20 || first == 0x09 { text.removeFirst() }
        if text.count == 64, let bytes = hexBytes(text) { return .key(SecureBytes(bytes)) }
        if var decoded = Data(base64Encoded: Data(text)).map(Array.init), decoded.count == 32 {
            defer { for index in decoded.indices { decoded[index] = 0 } }
            return .key(SecureBytes(decoded))
        }
        throw VeilError(
            .keyStore, "the key command must print a 32-byte key as 64 hex digits or base64; it printed something else")
    }

    var kind: String {
        switch self {
        case .passphrase: "passphrase"
        case .key: "command"
        }
    }

    /// The KEK this secret gives for `file`'s `kek` block. The block is not yet authenticated (its MAC needs the
    /// KEK), so a block that does not fit the secret — another kind, an unknown KDF, parameters below the minimum
    /// or so large they would only stall — gives the one ``KeyStoreFile/damaged(_:)`` error, like a wrong secret.
    func deriveKEK(for block: KeyStoreFile.KeyEncryptionKey, path: String) throws -> SecureBytes {
        guard block.kind == kind else { throw KeyStoreFile.damaged(path) }
        switch self {
        case .key(let key):
            guard key.count == 32 else { throw KeyStoreFile.damaged(path) }
            return key
        case .passphrase(let passphrase):
            guard block.kdf == "scrypt", let n = block.n, let r = block.r, let p = block.p,
                let saltText = block.salt, let salt = Data(base64Encoded: saltText),
                Self.isAcceptable(.init(n: n, r: r, p: p)), n <= Self.maximumN, r <= 32, p <= 16
            else { throw KeyStoreFile.damaged(path) }
            do {
                return try Scrypt.deriveKey(
                    passphrase: passphrase, salt: Array(salt), parameters: .init(n: n, r: r, p: p), outputByteCount: 32)
            } catch {
                throw KeyStoreFile.damaged(path)
            }
        }
    }

    /// The largest scrypt N a store may ask for (1 GiB of memory at r = 8); Veil writes 2^17.
    static let maximumN: UInt64 = 1 << 20

    /// A new `kek` block for this secret (a fresh salt for a passphrase) and the KEK it gives.
    func newKEK(parameters: Scrypt.Parameters) throws -> (block: KeyStoreFile.KeyEncryptionKey, kek: SecureBytes) {
        switch self {
        case .key(let key):
            guard key.count == 32 else { throw VeilError(.keyStore, "a key-encryption key must be 32 bytes") }
            return (.init(kind: "command"), key)
        case .passphrase(let passphrase):
            guard passphrase.count >= 8 else {
                throw VeilError(.keyStore, "the passphrase is too short (at least 8 bytes)")
            }
            let salt = SecureRandom.bytes(count: 16)
            let kek = try Self.scrypt(passphrase, salt: salt, parameters: parameters)
            let block = KeyStoreFile.KeyEncryptionKey(
                kind: "passphrase", kdf: "scrypt", n: parameters.n, r: parameters.r, p: parameters.p,
                salt: Data(salt).base64EncodedString())
            return (block, kek)
        }
    }

    private static func scrypt(_ passphrase: SecureBytes, salt: [UInt8], parameters: Scrypt.Parameters) throws
        -> SecureBytes
    {
        guard isAcceptable(parameters) else {
            throw VeilError(.keyStore, "key store scrypt parameters are weaker than N=2^17, r=8, p=1")
        }
        do {
            return try Scrypt.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters, outputByteCount: 32)
        } catch {
            throw VeilError(.keyStore, "cannot derive the key-encryption key (scrypt failed)")
        }
    }

    private static func isAcceptable(_ parameters: Scrypt.Parameters) -> Bool {
        parameters.n >= Scrypt.Parameters.standard.n && parameters.r >= 8 && parameters.p >= 1
    }

    private static func hexBytes(_ text: [UInt8]) -> [UInt8]? {
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            case 0x41...0x46: c - 0x41 + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var index = 0
        while index + 1 < text.count {
            guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
