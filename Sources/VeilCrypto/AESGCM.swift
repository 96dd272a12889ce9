/// AES-GCM authenticated encryption (AES-256 in Veil; 128- and 192-bit keys are accepted for test vectors).
///
/// Nonces are 12 random bytes generated inside ``seal(_:using:authenticating:)``: callers never choose one,
/// so a nonce cannot be reused by mistake. Tags are 16 bytes.
public enum AESGCM {
    /// Nonce length in bytes.
    public static let nonceByteCount = 12
    /// Tag length in bytes.
    public static let tagByteCount = 16

    /// A nonce, ciphertext and tag.
    public struct SealedBox: Sendable, Equatable {
        public let nonce: [UInt8]
        public let ciphertext: [UInt8]
        public let tag: [UInt8]

        /// `nonce || ciphertext || tag`, the form to store.
        public var combined: [UInt8] { nonce + ciphertext + tag }

        /// Assembles a box from its parts.
        /// - Throws: `invalidInput` unless the nonce is 12 bytes and the tag 16.
        public init(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) throws(CryptoError) {
            guard nonce.count == AESGCM.nonceByteCount, tag.count == AESGCM.tagByteCount else {
                throw CryptoError(.invalidInput, "an AES-GCM box has a 12-byte nonce and a 16-byte tag")
            }
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.tag = tag
        }

        /// Splits `nonce || ciphertext || tag`.
        /// - Throws: `invalidInput` when `combined` is shorter than 28 bytes.
        public init(combined: [UInt8]) throws(CryptoError) {
            let overhead = AESGCM.nonceByteCount + AESGCM.tagByteCount
            guard combined.count >= overhead else {
                throw CryptoError(.invalidInput, "an AES-GCM box is at least 28 bytes")
            }
            nonce = Array(combined[0..<AESGCM.nonceByteCount])
            ciphertext = Array(combined[AESGCM.nonceByteCount..<(combined.count - AESGCM.tagByteCount)])
            tag = Array(combined[(combined.count - AESGCM.tagByteCount)...])
        }
    }

    /// Encrypts and authenticates `plaintext` under a fresh random nonce.
    /// - Parameters:
    ///   - plaintext: The message.
    ///   - key: 32 bytes (16 and 24 also accepted).
    ///   - aad: Associated data bound to the ciphertext but not encrypted.
    public static func seal(
        _ plaintext: [UInt8], using key: SecureBytes, authenticating aad: [UInt8] = []
    ) throws(CryptoError) -> SealedBox {
        try seal(plaintext, using: key, nonce: SecureRandom.bytes(count: nonceByteCount), authenticating: aad)
    }

    /// Encrypts with a caller-chosen nonce. Internal: only for known-answer tests.
    static func seal(
        _ plaintext: [UInt8], using key: SecureBytes, nonce: [UInt8], authenticating aad: [UInt8] = []
    ) throws(CryptoError) -> SealedBox {
        guard nonce.count == nonceByteCount else { throw CryptoError(.invalidInput, "nonces are 12 bytes") }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        var tag = [UInt8](repeating: 0, count: tagByteCount)
        try key.withBytes { (keyBytes) throws(CryptoError) in
            try nonce.withRawBytes { (nonceBytes) throws(CryptoError) in
                try aad.withRawBytes { (aadBytes) throws(CryptoError) in
                    try plaintext.withRawBytes { (input) throws(CryptoError) in
                        try ciphertext.withMutableRawBytes { (output) throws(CryptoError) in
                            try tag.withMutableRawBytes { (tagBytes) throws(CryptoError) in
                                try CipherContext.gcmSeal(
                                    key: keyBytes, nonce: nonceBytes, aad: aadBytes, plaintext: input,
                                    ciphertext: output, tag: tagBytes)
                            }
                        }
                    }
                }
            }
        }
        return try SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag)
    }

    /// Verifies and decrypts a box.
    /// - Throws: `authenticationFailed` when the key, nonce, ciphertext, tag or `aad` do not match.
    public static func open(
        _ box: SealedBox, using key: SecureBytes, authenticating aad: [UInt8] = []
    ) throws(CryptoError) -> [UInt8] {
        var plaintext = [UInt8](repeating: 0, count: box.ciphertext.count)
        try key.withBytes { (keyBytes) throws(CryptoError) in
            try box.nonce.withRawBytes { (nonceBytes) throws(CryptoError) in
                try aad.withRawBytes { (aadBytes) throws(CryptoError) in
                    try box.ciphertext.withRawBytes { (input) throws(CryptoError) in
                        try box.tag.withRawBytes { (tagBytes) throws(CryptoError) in
                            try plaintext.withMutableRawBytes { (output) throws(CryptoError) in
                                try CipherContext.gcmOpen(
                                    key: keyBytes, nonce: nonceBytes, aad: aadBytes, ciphertext: input,
                                    tag: tagBytes, plaintext: output)
                            }
                        }
                    }
                }
            }
        }
        return plaintext
    }
}
