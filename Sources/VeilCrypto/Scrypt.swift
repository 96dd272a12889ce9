/// scrypt (RFC 7914) password-based key derivation via OpenSSL's `EVP_PBE_scrypt`.
public enum Scrypt {
    /// The cost parameters. `n` must be a power of two greater than 1.
    public struct Parameters: Sendable, Codable, Equatable {
        public var n: UInt64
        public var r: UInt64
        public var p: UInt64

        public init(n: UInt64, r: UInt64, p: UInt64) {
            self.n = n
            self.r = r
            self.p = p
        }

        /// N = 2^17, r = 8, p = 1: about 128 MiB and a few hundred milliseconds.
        public static let standard = Parameters(n: 1 << 17, r: 8, p: 1)
    }

    /// Derives `outputByteCount` bytes from a passphrase.
    /// - Parameters:
    ///   - passphrase: The secret passphrase bytes.
    ///   - salt: A random salt stored beside the derived key's ciphertext.
    ///   - parameters: Cost parameters; memory use is about 128 · r · N bytes.
    ///   - outputByteCount: 1...(1 << 20).
    /// - Throws: `invalidInput` for bad parameters, `invalidLength` for a bad output size.
    public static func deriveKey(
        passphrase: SecureBytes, salt: [UInt8], parameters: Parameters, outputByteCount: Int
    ) throws(CryptoError) -> SecureBytes {
        let (n, r, p) = (parameters.n, parameters.r, parameters.p)
        guard n > 1, n & (n - 1) == 0, n <= 1 << 30, r >= 1, p >= 1, r <= 1 << 16, p <= 1 << 16,
            r * p < 1 << 30
        else {
            throw CryptoError(.invalidInput, "scrypt parameters are out of range")
        }
        guard outputByteCount >= 1, outputByteCount <= 1 << 20 else {
            throw CryptoError(.invalidLength, "scrypt output must be 1 to 1048576 bytes")
        }
        // OpenSSL needs 128·r·(N+2) bytes for V plus 128·r·p for B; leave headroom.
        let (vBytes, vOverflow) = (128 * r).multipliedReportingOverflow(by: n + 2)
        guard !vOverflow else { throw CryptoError(.invalidInput, "scrypt parameters are out of range") }
        let maximumMemory = vBytes + 128 * r * p + (1 << 20)
        return try SecureBytes(count: outputByteCount) { (output) throws(CryptoError) in
            try passphrase.withBytes { (pass) throws(CryptoError) in
                try salt.withRawBytes { (saltBytes) throws(CryptoError) in
                    try ScryptBackend.derive(
                        passphrase: pass, salt: saltBytes, n: n, r: r, p: p, maximumMemory: maximumMemory,
                        output: output)
                }
            }
        }
    }
}
