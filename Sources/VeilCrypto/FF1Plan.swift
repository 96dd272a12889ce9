/// The constants of FF1 (SP 800-38G, Algorithm 7) for one key, radix, length and tweak.
///
/// The CBC-MAC over the constant part of `P || Q` (the block `P`, the tweak and the zero padding) is
/// computed once here, so each Feistel round only processes `[i] || NUM(B)`: one AES block when `b <= 15`.
final class FF1Plan {
    let radix: Int
    /// Total, left and right lengths: `u = floor(n/2)`, `v = n - u`.
    let n: Int, u: Int, v: Int
    /// `b = ceil(ceil(v * log2(radix)) / 8)`, `d = 4 * ceil(b/4) + 4`.
    let b: Int, d: Int
    /// CBC-MAC state (16 bytes) after all whole constant blocks of `P || T || 0^pad`.
    let chain: [UInt8]
    /// The constant bytes that start the first variable block; `tail.count + 1 + b` is a multiple of 16.
    let tail: [UInt8]
    /// Present when `radix^v` fits in 64 bits: the lockstep integer path.
    let fast: FastConstants?
    /// Present when `radix^v` needs 65 to 96 bits: the lockstep path on 128-bit integers (see ``MediumConstants``).
    let medium: MediumConstants?

    /// Constants of the 128-bit path, for halves of 65 to 96 bits (`b` of 9 to 12 bytes). Then `Q` is one block,
    /// `tail || [round] || NUM(B)` (`tail` is `15 - b` bytes), and `S` is the whole block `R` (`d = 16`), so each
    /// round is one AES call per value, as on the 64-bit path; `y = NUM(R)` is reduced by 128-bit division.
    /// Radix 36 (an email address's letters and digits) takes it from 25 to 36 numerals.
    struct MediumConstants {
        /// `radix^u` and `radix^v`.
        let powerU: UInt128, powerV: UInt128
        /// `chain XOR (tail || 0...)` as a big-endian integer: XOR `round << roundShift` and `NUM(B)` into it.
        let base: UInt128
        /// `8 * b`: where the round byte sits.
        let roundShift: Int
        /// The largest power of the radix that fits in 64 bits, and its exponent: `STR` peels such chunks.
        let chunk: UInt128, chunkDigits: Int
        /// The radix, with its reciprocal for `STR` within a chunk.
        let radix: FastDivisor

        func modulus(round: Int) -> UInt128 { round & 1 == 0 ? powerU : powerV }
    }

    /// Constants of the 64-bit path. Blocks are two big-endian words `(hi, lo)`.
    struct FastConstants {
        /// `radix^u` and `radix^v`, with reciprocals for fast reduction.
        let powerU: FastDivisor, powerV: FastDivisor
        /// The radix, with its reciprocal for fast `STR` conversion.
        let radix: FastDivisor
        /// `chain XOR (tail || 0...)`: XOR the round number and `NUM(B)` into it to get the block to encrypt.
        let baseHi: UInt64, baseLo: UInt64
        /// Shift of the round-number byte within `lo`, or nil when it is the last byte of `hi` (`b == 8`).
        let roundShiftInLo: UInt64?
        /// Whether `y` is 8 bytes (`d == 8`) rather than 12 (`d == 12`).
        let shortY: Bool

        func modulus(round: Int) -> FastDivisor { round & 1 == 0 ? powerU : powerV }

        /// The block for round `round` before `NUM(B)` is XORed into `lo`.
        func roundBase(_ round: Int) -> (hi: UInt64, lo: UInt64) {
            if let shift = roundShiftInLo { return (baseHi, baseLo ^ (UInt64(round) << shift)) }
            return (baseHi ^ UInt64(round), baseLo)
        }
    }

    /// Arbitrary-precision constants, made on first use by the wide path.
    private(set) lazy var powers: (u: BigNumber, v: BigNumber) = {
        let context = BigNumberContext()
        return (
            BigNumber(power: radix, exponent: u, context: context),
            BigNumber(power: radix, exponent: v, context: context)
        )
    }()

    init(radix: Int, length n: Int, tweak: [UInt8], cipher: CipherContext) {
        self.radix = radix
        self.n = n
        u = n / 2
        v = n - u
        let powerV = Self.power(radix, v)
        let bits: Int
        if let powerV {
            bits = UInt64.bitWidth - (powerV - 1).leadingZeroBitCount
        } else {
            let context = BigNumberContext()
            let value = BigNumber(power: radix, exponent: v, context: context)
            value.subtract(word: 1)
            bits = value.bitCount
        }
        b = (bits + 7) / 8
        d = 4 * ((b + 3) / 4) + 4
        let t = tweak.count
        let pad = (16 - (t + b + 1) % 16) % 16

        // P = [1]^1 || [2]^1 || [1]^1 || [radix]^3 || [10]^1 || [u mod 256]^1 || [n]^4 || [t]^4
        var constant: [UInt8] = [1, 2, 1]
        constant += [
            UInt8(truncatingIfNeeded: radix >> 16), UInt8(truncatingIfNeeded: radix >> 8),
            UInt8(truncatingIfNeeded: radix),
        ]
        constant += [10, UInt8(truncatingIfNeeded: u)]
        constant += Self.bigEndian32(n) + Self.bigEndian32(t)
        constant += tweak
        constant += [UInt8](repeating: 0, count: pad)

        let whole = constant.count / 16
        var state = [UInt8](repeating: 0, count: 16)
        for block in 0..<whole {
            for index in 0..<16 { state[index] ^= constant[block * 16 + index] }
            state.withUnsafeMutableBytes { cipher.encryptBlocks($0.baseAddress!, $0.baseAddress!, blocks: 1) }
        }
        chain = state
        tail = Array(constant[(whole * 16)...])

        if let powerV {
            var base = state
            for (index, byte) in tail.enumerated() { base[index] ^= byte }
            let hi = base[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let lo = base[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            fast = FastConstants(
                powerU: FastDivisor(Self.power(radix, u)!), powerV: FastDivisor(powerV),
                radix: FastDivisor(UInt64(radix)), baseHi: hi, baseLo: lo,
                roundShiftInLo: b < 8 ? UInt64(8 * b) : nil, shortY: d == 8)
            medium = nil
        } else if (9...12).contains(b), let powerV128 = Self.power128(radix, v),
            let powerU128 = Self.power128(radix, u)
        {
            var base = state
            for (index, byte) in tail.enumerated() { base[index] ^= byte }
            var chunkDigits = 0
            while Self.power(radix, chunkDigits + 1) != nil { chunkDigits += 1 }
            fast = nil
            medium = MediumConstants(
                powerU: powerU128, powerV: powerV128,
                base: base.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }, roundShift: 8 * b,
                chunk: UInt128(Self.power(radix, chunkDigits)!), chunkDigits: chunkDigits,
                radix: FastDivisor(UInt64(radix)))
        } else {
            fast = nil
            medium = nil
        }
    }

    /// FF1's PRF over `[round] || numeral` (`numeral` is `NUM(B)` as `b` bytes) continued from the
    /// precomputed CBC-MAC state, extended to `S` of `d` bytes (steps 6.ii to 6.iv).
    func roundFunction(
        round: Int, numeral: UnsafeRawBufferPointer, cipher: CipherContext, output: UnsafeMutableRawBufferPointer
    ) {
        var message = tail
        message.append(UInt8(round))
        message.append(contentsOf: numeral)
        var state = chain
        state.withUnsafeMutableBytes { stateBytes in
            message.withUnsafeBytes { messageBytes in
                for block in 0..<(messageBytes.count / 16) {
                    for index in 0..<16 { stateBytes[index] ^= messageBytes[block * 16 + index] }
                    cipher.encryptBlocks(stateBytes.baseAddress!, stateBytes.baseAddress!, blocks: 1)
                }
            }
        }
        let blockCount = (d + 15) / 16
        if blockCount == 1 {
            state.withUnsafeBytes { output.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<d])) }
            return
        }
        // S = R || CIPH(R XOR [1]^16) || CIPH(R XOR [2]^16) ..., truncated to d bytes.
        var extended = [UInt8](repeating: 0, count: blockCount * 16)
        for block in 0..<blockCount {
            for index in 0..<16 { extended[block * 16 + index] = state[index] }
            if block > 0 {
                for index in 0..<8 {
                    extended[block * 16 + 15 - index] ^= UInt8(truncatingIfNeeded: block >> (8 * index))
                }
            }
        }
        extended.withUnsafeMutableBytes { buffer in
            let start = buffer.baseAddress! + 16
            cipher.encryptBlocks(start, start, blocks: blockCount - 1)
            output.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<d]))
        }
    }

    /// `base^exponent` if it fits in 64 bits.
    static func power(_ base: Int, _ exponent: Int) -> UInt64? { power(base, exponent, as: UInt64.self) }

    /// `base^exponent` if it fits in 128 bits.
    static func power128(_ base: Int, _ exponent: Int) -> UInt128? { power(base, exponent, as: UInt128.self) }

    private static func power<Word: FixedWidthInteger & UnsignedInteger>(_ base: Int, _ exponent: Int, as: Word.Type)
        -> Word?
    {
        var result: Word = 1
        for _ in 0..<exponent {
            let (next, overflow) = result.multipliedReportingOverflow(by: Word(base))
            if overflow { return nil }
            result = next
        }
        return result
    }

    private static func bigEndian32(_ value: Int) -> [UInt8] {
        [
            UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
            UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value),
        ]
    }
}
