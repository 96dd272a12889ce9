import VeilCrypto

/// A staff member's API key: `veil_` followed by 32 random bytes in lowercase, unpadded base32
/// (52 characters, 57 in all), for example `veil_mfrggzdfmztwq2lknnwg23tpobyxe43uov3ho6dzpjqwe4dd...`.
///
/// Lowercase base32 was chosen over base64url because it has no `-` or `_` inside the random part (a
/// double-click selects the whole key, and the only `_` is the prefix's), no case to get wrong when read
/// aloud or retyped, and the `veil_` prefix makes leaked keys easy for secret scanners to spot.
///
/// Only ``storedForm`` is kept: the lowercase hex SHA-256 of the key's text. A fast, unsalted hash is
/// enough here, unlike for passwords, because the key carries 256 bits of entropy: no dictionary or
/// brute-force search of the hash is feasible, so a slow KDF (scrypt) would add cost and nothing else.
///
/// The key's text is held in ``SecureBytes``; `description` never shows it.
public struct APIKey: Sendable, CustomStringConvertible {
    /// The fixed prefix of every key.
    public static let prefix = "veil_"
    /// Random bytes per key.
    public static let randomByteCount = 32
    /// Characters after the prefix: 32 bytes in unpadded base32.
    public static let encodedCount = 52

    /// The key's UTF-8 text, prefix included.
    public let text: SecureBytes

    private init(text: SecureBytes) {
        self.text = text
    }

    /// A new key from the CSPRNG.
    public static func generate() -> APIKey {
        let random = SecureBytes.random(count: randomByteCount)
        let encoded = random.withUnsafeBytes { Base32.encode($0, padding: false, lowercase: true) }
        return APIKey(text: SecureBytes(Array((prefix + encoded).utf8)))
    }

    /// The key as text, to show once to its owner (`api-key: ...`). Never log or store it.
    public func reveal() -> String {
        text.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// What to store: the lowercase hex SHA-256 of the key's text (64 characters).
    public var storedForm: String {
        text.withUnsafeBytes { SHA256Hash.hash($0).hexString }
    }

    /// Whether `presented` has the shape of a Veil key: the prefix and 52 lowercase base32 characters
    /// that decode to 32 bytes. Says nothing about whether it is anyone's key.
    public static func isWellFormed(_ presented: String) -> Bool {
        guard presented.hasPrefix(prefix) else { return false }
        let encoded = presented.utf8.dropFirst(prefix.utf8.count)
        guard encoded.count == encodedCount,
            encoded.allSatisfy({
                ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
                    || ($0 >= UInt8(ascii: "2") && $0 <= UInt8(ascii: "7"))
            })
        else { return false }
        return (try? Base32.decode(String(decoding: encoded, as: UTF8.self)))?.count == randomByteCount
    }

    /// Whether `presented` is the key whose ``storedForm`` is `storedForm`. The digests are compared in
    /// constant time; a malformed stored form refuses.
    public static func verify(_ presented: String, storedForm: String) -> Bool {
        guard let stored = Digest256(hex: storedForm) else { return false }
        let presentedDigest = SHA256Hash.hash(Array(presented.utf8))
        return presentedDigest == stored
    }

    public var description: String { "APIKey(\(Self.prefix)…)" }
}
