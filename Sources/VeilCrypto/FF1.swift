/// FF1 format-preserving encryption, NIST SP 800-38G (with the Rev. 1 domain bound), over AES-128/192/256.
///
/// A value is a string of numerals in `0..<radix`; its ciphertext has the same length and radix. The
/// domain `radix^length` must be at least ``minimumDomainSize`` (so lengths start at ``minimumLength``),
/// lengths are at most ``maximumLength``, and the tweak may have any length below 2^32 bytes.
///
/// Values whose `radix^ceil(length/2)` fits in 64 bits (for example up to 38 decimal digits, 24 numerals of radix 36)
/// run on 64-bit integers; those whose halves need 65 to 96 bits (up to 56 decimal digits, 36 numerals of radix 36) on
/// 128-bit integers; longer ones on OpenSSL BIGNUMs. All three give the same results (the tests compare them).
///
/// An `FF1` value is `Sendable` and can be used from several threads at once: each call borrows its own
/// AES context from a small pool. Use ``encrypt(batch:tweak:)`` for many values: it runs them in lockstep
/// so that one AES call per Feistel round serves a whole group of values.
public struct FF1: Sendable {
    /// The smallest allowed `radix^length` (SP 800-38G Rev. 1).
    public static let minimumDomainSize = 1_000_000
    /// The largest allowed length, 2^20 numerals. SP 800-38G allows up to `2^32 - 1`; Veil stops far
    /// earlier because the arbitrary-precision path costs time quadratic in the length, and a field that
    /// long is better masked by another rule.
    public static let maximumLength = 1 << 20
    /// The largest allowed tweak length in bytes (encoded in 4 bytes).
    public static let maximumTweakLength = Int(UInt32.max)

    /// The radix, 2...65536.
    public let radix: Int
    /// The smallest length for this radix: the least `n >= 2` with `radix^n >= 1,000,000`.
    public let minimumLength: Int
    let pool: ResourcePool<FF1Worker>

    /// Creates an FF1 cipher.
    /// - Parameters:
    ///   - key: An AES key of 16, 24 or 32 bytes.
    ///   - radix: The number of numerals, 2...65536.
    /// - Throws: `invalidKeySize` or `invalidRadix`.
    public init(key: SecureBytes, radix: Int) throws(CryptoError) {
        guard [16, 24, 32].contains(key.count) else {
            throw CryptoError(.invalidKeySize, "FF1 keys are 16, 24 or 32 bytes")
        }
        guard (2...65536).contains(radix) else {
            throw CryptoError(.invalidRadix, "the FF1 radix must be 2 to 65536")
        }
        self.radix = radix
        var length = 2
        while let power = FF1Plan.power(radix, length), power < UInt64(Self.minimumDomainSize) { length += 1 }
        minimumLength = length
        pool = try ResourcePool { () throws(CryptoError) in try FF1Worker(key: key, radix: radix) }
    }

    /// Encrypts one value.
    /// - Parameters:
    ///   - numerals: `minimumLength...maximumLength` numerals, each below ``radix``.
    ///   - tweak: Public, non-secret variation (for example a column name); any length.
    /// - Throws: `invalidLength`, `invalidNumeral` or `invalidTweak`.
    public func encrypt(_ numerals: [UInt16], tweak: [UInt8] = []) throws(CryptoError) -> [UInt16] {
        try single(numerals, tweak: tweak, decrypting: false)
    }

    /// Decrypts one value; the inverse of ``encrypt(_:tweak:)`` under the same tweak.
    public func decrypt(_ numerals: [UInt16], tweak: [UInt8] = []) throws(CryptoError) -> [UInt16] {
        try single(numerals, tweak: tweak, decrypting: true)
    }

    /// Converts integers to numerals, checking that each is in `0..<radix`.
    /// - Throws: `invalidNumeral` when a value is negative or not below the radix.
    public func validatedNumerals<S: Sequence>(_ values: S) throws(CryptoError) -> [UInt16]
    where S.Element: BinaryInteger {
        var result: [UInt16] = []
        result.reserveCapacity(values.underestimatedCount)
        for value in values {
            guard value >= 0, value < radix else {
                throw CryptoError(.invalidNumeral, "a numeral is not below the radix")
            }
            result.append(UInt16(truncatingIfNeeded: value))
        }
        return result
    }

    private func single(_ numerals: [UInt16], tweak: [UInt8], decrypting: Bool) throws(CryptoError) -> [UInt16] {
        try validate(tweak: tweak)
        try validate(numerals)
        return try pool.withResource { worker in
            worker.single(worker.plan(length: numerals.count, tweak: tweak), numerals, decrypting: decrypting)
        }
    }

    func validate(tweak: [UInt8]) throws(CryptoError) {
        guard tweak.count <= Self.maximumTweakLength else {
            throw CryptoError(.invalidTweak, "FF1 tweaks are shorter than 2^32 bytes")
        }
    }

    func validate(_ numerals: [UInt16]) throws(CryptoError) {
        guard numerals.count >= minimumLength, numerals.count <= Self.maximumLength else {
            throw CryptoError(.invalidLength, "the value is too short (domain below 10^6) or too long for FF1")
        }
        guard radix < 65536 else { return }
        let limit = UInt16(radix)
        let ok = numerals.withUnsafeBufferPointer { buffer in
            var maximum: UInt16 = 0
            for numeral in buffer { maximum = Swift.max(maximum, numeral) }
            return maximum < limit
        }
        guard ok else { throw CryptoError(.invalidNumeral, "a numeral is not below the radix") }
    }
}
