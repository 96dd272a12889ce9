/// FF3-1 format-preserving encryption (NIST SP 800-38G Rev. 1, 2019), with 56-bit (7-byte) tweaks.
///
/// - Important: **Legacy mode.** NIST's 2025 draft of SP 800-38G Rev. 1 withdraws FF3-1 after published
///   attacks on its tweak schedule. Veil keeps it only to read data protected elsewhere with FF3-1; use
///   ``FF1`` for anything new.
///
/// The domain bound of Rev. 1 applies (`radix^length >= 1,000,000`), and lengths are at most
/// `2 * floor(log_radix(2^96))`. Values are `Sendable` and usable from several threads at once.
public struct FF3_1: Sendable {
    /// The tweak length in bytes.
    public static let tweakByteCount = 7

    /// The radix, 2...65536.
    public let radix: Int
    /// The smallest allowed length: the least `n >= 2` with `radix^n >= 1,000,000`.
    public let minimumLength: Int
    /// The largest allowed length: `2 * floor(log_radix(2^96))`.
    public let maximumLength: Int
    private let pool: ResourcePool<CipherContext>

    /// Creates an FF3-1 cipher (legacy; see the type's documentation).
    /// - Parameters:
    ///   - key: An AES key of 16, 24 or 32 bytes.
    ///   - radix: 2...65536.
    /// - Throws: `invalidKeySize` or `invalidRadix`.
    public init(key: SecureBytes, radix: Int) throws(CryptoError) {
        guard [16, 24, 32].contains(key.count) else {
            throw CryptoError(.invalidKeySize, "FF3-1 keys are 16, 24 or 32 bytes")
        }
        guard (2...65536).contains(radix) else {
            throw CryptoError(.invalidRadix, "the FF3-1 radix must be 2 to 65536")
        }
        self.radix = radix
        var length = 2
        while let power = FF1Plan.power(radix, length), power < UInt64(FF1.minimumDomainSize) { length += 1 }
        minimumLength = length
        maximumLength = 2 * Self.largestExponent(radix: radix)
        // The block cipher is keyed with the byte-reversed key, REVB(K).
        let reversedKey = key.withBytes { SecureBytes($0.reversed()) }
        pool = try ResourcePool { () throws(CryptoError) in
            try reversedKey.withBytes { (bytes) throws(CryptoError) in try CipherContext.aesECB(key: bytes) }
        }
    }

    /// Encrypts one value.
    /// - Parameters:
    ///   - numerals: `minimumLength...maximumLength` numerals below ``radix``.
    ///   - tweak: Exactly 7 bytes.
    /// - Throws: `invalidLength`, `invalidNumeral` or `invalidTweak`.
    public func encrypt(_ numerals: [UInt16], tweak: [UInt8]) throws(CryptoError) -> [UInt16] {
        try process(numerals, tweak: tweak, decrypting: false)
    }

    /// Decrypts one value; the inverse of ``encrypt(_:tweak:)``.
    public func decrypt(_ numerals: [UInt16], tweak: [UInt8]) throws(CryptoError) -> [UInt16] {
        try process(numerals, tweak: tweak, decrypting: true)
    }

    private func process(_ numerals: [UInt16], tweak: [UInt8], decrypting: Bool) throws(CryptoError) -> [UInt16] {
        guard tweak.count == Self.tweakByteCount else {
            throw CryptoError(.invalidTweak, "FF3-1 tweaks are 7 bytes")
        }
        let n = numerals.count
        guard n >= minimumLength, n <= maximumLength else {
            throw CryptoError(.invalidLength, "the value's length is outside FF3-1's range")
        }
        guard numerals.allSatisfy({ Int($0) < radix }) else {
            throw CryptoError(.invalidNumeral, "a numeral is not below the radix")
        }
        let u = (n + 1) / 2
        let v = n - u
        // T_L = T[0..27] || 0^4 and T_R = T[32..55] || T[28..31] || 0^4.
        let tweakLeft: [UInt8] = [tweak[0], tweak[1], tweak[2], tweak[3] & 0xF0]
        let tweakRight: [UInt8] = [tweak[4], tweak[5], tweak[6], (tweak[3] & 0x0F) << 4]
        return try pool.withResource { cipher in
            let context = BigNumberContext()
            let powers = (
                u: BigNumber(power: radix, exponent: u, context: context),
                v: BigNumber(power: radix, exponent: v, context: context)
            )
            // The halves are kept as NUM_radix(REV(A)) and NUM_radix(REV(B)).
            var a = Self.number(numerals[0..<u], radix: radix)
            var b = Self.number(numerals[u...], radix: radix)
            let y = BigNumber()
            var block = [UInt8](repeating: 0, count: 16)
            for step in 0..<8 {
                let round = decrypting ? 7 - step : step
                let (modulus, w) = round & 1 == 0 ? (powers.u, tweakRight) : (powers.v, tweakLeft)
                // P = (W XOR [i]^4) || [NUM_radix(REV(B or A))]^12, then S = REVB(CIPH_REVB(K)(REVB(P))).
                for index in 0..<4 { block[index] = w[index] }
                block[3] ^= UInt8(round)
                block.withUnsafeMutableBytes { bytes in
                    var buffer = bytes
                    (decrypting ? a : b).write(bytes: UnsafeMutableRawBufferPointer(rebasing: buffer[4..<16]))
                    buffer.reverse()
                    cipher.encryptBlocks(buffer.baseAddress!, buffer.baseAddress!, blocks: 1)
                    buffer.reverse()
                    y.set(bytes: UnsafeRawBufferPointer(buffer))
                }
                if decrypting {
                    b.subtractModulo(y, modulus, context: context)
                } else {
                    a.addModulo(y, modulus, context: context)
                }
                swap(&a, &b)
            }
            LibCrypto.cleanse(&block, count: 16)
            return Self.numerals(a, count: u, radix: radix) + Self.numerals(b, count: v, radix: radix)
        }
    }

    /// `NUM_radix(REV(numerals))`.
    private static func number(_ numerals: ArraySlice<UInt16>, radix: Int) -> BigNumber {
        let reversed = Array(numerals.reversed())
        return reversed.withUnsafeBufferPointer { BigNumber(numerals: $0, radix: radix) }
    }

    /// `REV(STR^count_radix(value))`.
    private static func numerals(_ value: BigNumber, count: Int, radix: Int) -> [UInt16] {
        var result = [UInt16](repeating: 0, count: count)
        result.withUnsafeMutableBufferPointer { value.takeNumerals(into: $0, radix: radix) }
        return result.reversed()
    }

    /// `floor(log_radix(2^96))`, exactly.
    static func largestExponent(radix: Int) -> Int {
        var (high, low): (UInt64, UInt64) = (0, 1)  // a 128-bit value, high * 2^64 + low
        var exponent = 0
        while true {
            let lowProduct = low.multipliedFullWidth(by: UInt64(radix))
            let nextHigh = high * UInt64(radix) + lowProduct.high
            let nextLow = lowProduct.low
            if nextHigh > 1 << 32 || (nextHigh == 1 << 32 && nextLow > 0) { return exponent }
            (high, low) = (nextHigh, nextLow)
            exponent += 1
        }
    }
}
