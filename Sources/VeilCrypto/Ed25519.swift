/// An Ed25519 private key (RFC 8032, pure Ed25519): signs messages, for example Veil's run manifests.
///
/// The key is its 32-byte seed, held in ``SecureBytes`` (wiped when released); the public key is derived once at
/// `init`. Signatures are deterministic: the same key and message always give the same 64 bytes.
public struct Ed25519PrivateKey: Sendable, CustomStringConvertible {
    /// The length of a private key (its seed), in bytes.
    public static let seedByteCount = 32

    private let seed: SecureBytes
    /// The matching public key.
    public let publicKey: Ed25519PublicKey

    /// Makes the private key whose seed is `seed`.
    /// - Throws: `invalidKeySize` unless `seed` is 32 bytes.
    public init(seed: SecureBytes) throws(CryptoError) {
        guard seed.count == Self.seedByteCount else {
            throw CryptoError(.invalidKeySize, "an Ed25519 private key is 32 bytes")
        }
        self.seed = seed
        var raw = [UInt8](repeating: 0, count: Ed25519PublicKey.byteCount)
        try seed.withBytes { (seedBytes) throws(CryptoError) in
            try raw.withMutableRawBytes { (output) throws(CryptoError) in
                try Ed25519Backend.publicKey(seed: seedBytes, into: output)
            }
        }
        publicKey = try Ed25519PublicKey(rawRepresentation: raw)
    }

    /// A new random private key from the CSPRNG.
    public static func random() -> Ed25519PrivateKey {
        // A 32-byte seed is always accepted, so this cannot fail short of an OpenSSL fault.
        do {
            return try Ed25519PrivateKey(seed: .random(count: seedByteCount))
        } catch {
            fatalError("OpenSSL cannot make an Ed25519 key: \(error)")
        }
    }

    /// The 64-byte signature of `message`.
    public func signature<M: Collection>(for message: M) throws(CryptoError) -> [UInt8] where M.Element == UInt8 {
        let bytes = Array(message)
        var signature = [UInt8](repeating: 0, count: Ed25519PublicKey.signatureByteCount)
        try seed.withBytes { (seedBytes) throws(CryptoError) in
            try bytes.withRawBytes { (messageBytes) throws(CryptoError) in
                try signature.withMutableRawBytes { (output) throws(CryptoError) in
                    try Ed25519Backend.sign(seed: seedBytes, message: messageBytes, into: output)
                }
            }
        }
        return signature
    }

    /// Never shows the seed.
    public var description: String { "Ed25519PrivateKey(public: \(publicKey.hexString))" }
}

/// An Ed25519 public key: checks signatures. Not secret; 32 bytes.
public struct Ed25519PublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The length of a public key, in bytes.
    public static let byteCount = 32
    /// The length of a signature, in bytes.
    public static let signatureByteCount = 64

    /// The 32 bytes of the key (RFC 8032's encoding).
    public let rawRepresentation: [UInt8]

    /// A public key from its 32-byte encoding.
    /// - Throws: `invalidKeySize` unless `rawRepresentation` is 32 bytes.
    public init(rawRepresentation: [UInt8]) throws(CryptoError) {
        guard rawRepresentation.count == Self.byteCount else {
            throw CryptoError(.invalidKeySize, "an Ed25519 public key is 32 bytes")
        }
        self.rawRepresentation = rawRepresentation
    }

    /// Whether `signature` is this key's valid signature of `message`. A signature of the wrong length, a
    /// non-canonical one or one of another message or key is `false`.
    public func isValidSignature<S: Collection, M: Collection>(_ signature: S, for message: M) -> Bool
    where S.Element == UInt8, M.Element == UInt8 {
        let signatureBytes = Array(signature)
        guard signatureBytes.count == Self.signatureByteCount else { return false }
        let messageBytes = Array(message)
        return rawRepresentation.withUnsafeBytes { key in
            signatureBytes.withUnsafeBytes { signature in
                messageBytes.withUnsafeBytes { message in
                    Ed25519Backend.verify(publicKey: key, signature: signature, message: message)
                }
            }
        }
    }

    /// Lowercase hexadecimal of the 32 bytes (64 characters).
    public var hexString: String {
        let digits = Array("0123456789abcdef")
        return String(rawRepresentation.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    /// The key written as ``hexString`` (64 hexadecimal characters, either case), or nil when it is not one.
    public init?(hexString: String) {
        let text = Array(hexString.lowercased().utf8)
        guard text.count == 2 * Self.byteCount else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.byteCount)
        func nibble(_ character: UInt8) -> UInt8? {
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        for index in stride(from: 0, to: text.count, by: 2) {
            guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        rawRepresentation = bytes
    }

    /// A short name for people to compare: the first 16 bytes of SHA-256 of the key, in hexadecimal, in groups
    /// of four characters.
    public var fingerprint: String {
        let digest = SHA256Hash.hash(rawRepresentation).hexString.prefix(32)
        return stride(from: 0, to: digest.count, by: 4).map { offset in
            let start = digest.index(digest.startIndex, offsetBy: offset)
            return String(digest[start..<digest.index(start, offsetBy: 4)])
        }.joined(separator: ":")
    }

    public var description: String { "Ed25519PublicKey(\(hexString))" }
}
