import VeilCrypto

/// Domain-separated keyed digests: `HMAC-SHA256(domain key, label ‖ 0x00 ‖ value)`.
///
/// Every keyed rule other than `hmac` itself prefixes its own label, so two rules that share a
/// domain (and so a key) never derive related outputs from the same value.
struct KeyedSeed: Sendable {
    private let hmac: HMACSHA256
    private let prefix: [UInt8]

    /// - Parameters:
    ///   - hmac: the domain's HMAC key.
    ///   - label: a constant naming the purpose, such as `fake.city` or `shift_date`.
    init(hmac: HMACSHA256, label: String) {
        self.hmac = hmac
        self.prefix = Array("veil/\(label)".utf8) + [0]
    }

    /// The digest of `value` under this seed's key and label.
    func digest(_ value: String) -> Digest256 {
        prefix.withUnsafeBytes { hmac.authenticationCode(prefix: $0, message: value) }
    }

    /// The digest of raw bytes under this seed's key and label.
    func digest<Bytes: Collection>(bytes: Bytes) -> Digest256 where Bytes.Element == UInt8 {
        var message = prefix
        message.append(contentsOf: bytes)
        return hmac.authenticationCode(for: message)
    }

    /// The keyed digest of `bytes`, with no buffer allocated to put the label before them.
    func digest(buffer bytes: UnsafeRawBufferPointer) -> Digest256 {
        prefix.withUnsafeBytes { hmac.authenticationCode(prefix: $0, message: bytes) }
    }

    /// A pseudo-random stream seeded by the digest of `value`.
    func random(_ value: String) -> SeededRandom {
        SeededRandom(digest: digest(value))
    }
}
