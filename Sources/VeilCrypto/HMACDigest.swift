/// The hash functions ``HMACDigest`` can key.
public enum HMACAlgorithm: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// HMAC-SHA1: what authenticator apps use for TOTP by default. SHA-1's collision weakness does not
    /// affect HMAC, but new protocols should prefer SHA-256.
    case sha1 = "SHA1"
    /// HMAC-SHA256.
    case sha256 = "SHA256"
    /// HMAC-SHA512.
    case sha512 = "SHA512"

    /// The length of a MAC in bytes: 20, 32 or 64.
    public var byteCount: Int {
        switch self {
        case .sha1: 20
        case .sha256: 32
        case .sha512: 64
        }
    }

    public var description: String { rawValue }
}

/// One-shot HMAC (RFC 2104) with SHA-1, SHA-256 or SHA-512, through OpenSSL's `EVP_Q_mac`.
///
/// For the hot HMAC-SHA256 path of the masking rules use ``HMACSHA256``, which precomputes the keyed
/// states; this type serves the occasional MAC (a TOTP code, a check value). A MAC is an authenticator,
/// not a secret, so it is returned as a plain array; derive keys with ``HKDF``, not with this.
public struct HMACDigest: Sendable {
    /// The hash function.
    public let algorithm: HMACAlgorithm
    private let key: SecureBytes

    /// Prepares HMAC with `algorithm` and `key` (any length; keys longer than the hash's block are hashed
    /// first, as RFC 2104 says).
    public init(algorithm: HMACAlgorithm, key: SecureBytes) {
        self.algorithm = algorithm
        self.key = key
    }

    /// The MAC of `message`: ``HMACAlgorithm/byteCount`` bytes.
    /// - Throws: `libraryFailure` if OpenSSL cannot compute it (for example a provider that refuses the hash).
    public func authenticationCode<M: Collection>(for message: M) throws(CryptoError) -> [UInt8]
    where M.Element == UInt8 {
        let bytes = Array(message)
        return try bytes.withRawBytes { (data) throws(CryptoError) in
            try key.withBytes { (keyBytes) throws(CryptoError) in
                try HMACBackend.authenticationCode(
                    digestName: algorithm.rawValue, key: keyBytes, message: data, byteCount: algorithm.byteCount)
            }
        }
    }

    /// The MAC of the UTF-8 bytes of `message`.
    public func authenticationCode(for message: String) throws(CryptoError) -> [UInt8] {
        try authenticationCode(for: Array(message.utf8))
    }

    /// One-shot convenience: the MAC of `message` under `key`.
    public static func authenticationCode<M: Collection>(
        _ algorithm: HMACAlgorithm, key: SecureBytes, message: M
    ) throws(CryptoError) -> [UInt8] where M.Element == UInt8 {
        try HMACDigest(algorithm: algorithm, key: key).authenticationCode(for: message)
    }
}
