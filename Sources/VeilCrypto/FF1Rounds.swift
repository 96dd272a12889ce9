/// The ten Feistel rounds of FF1, on 64-bit integers for many values in lockstep, or on BIGNUMs for one.
///
/// Both paths keep the halves as integers `NUM_radix(A)`, `NUM_radix(B)` across rounds: `STR` followed by
/// `NUM` is the identity, so numerals are only converted at the start and the end.
enum FF1Rounds {
    /// Runs FF1 on `count` values of one length in lockstep: per round, one AES-ECB call for all of them.
    /// - Parameters:
    ///   - left: `NUM(A)` of each value; holds the output left halves on return.
    ///   - right: `NUM(B)` of each value; holds the output right halves on return.
    ///   - blocks: Scratch space of `count` 16-byte blocks.
    static func lockstep(
        _ constants: FF1Plan.FastConstants, cipher: CipherContext, count: Int, decrypting: Bool,
        left: UnsafeMutablePointer<UInt64>, right: UnsafeMutablePointer<UInt64>,
        blocks: UnsafeMutablePointer<UInt64>
    ) {
        var a = left
        var b = right
        for step in 0..<10 {
            let round = decrypting ? 9 - step : step
            let modulus = constants.modulus(round: round)
            let (hi, lo) = constants.roundBase(round)
            let hiBigEndian = hi.bigEndian
            // Encryption feeds NUM(B) to the PRF and updates A; decryption feeds NUM(A) and updates B.
            let source = decrypting ? a : b
            let target = decrypting ? b : a
            for index in 0..<count {
                blocks[2 &* index] = hiBigEndian
                blocks[2 &* index &+ 1] = (lo ^ source[index]).bigEndian
            }
            cipher.encryptBlocks(blocks, blocks, blocks: count)
            for index in 0..<count {
                let y = reduce(hi: blocks[2 &* index], lo: blocks[2 &* index &+ 1], constants.shortY, modulus)
                target[index] = decrypting ? modulus.subtract(target[index], y) : modulus.add(target[index], y)
            }
            swap(&a, &b)
        }
    }

    /// ``lockstep(_:cipher:count:decrypting:left:right:blocks:)`` for halves of 65 to 96 bits, on 128-bit integers
    /// (see ``FF1Plan/MediumConstants``).
    static func lockstep(
        _ constants: FF1Plan.MediumConstants, cipher: CipherContext, count: Int, decrypting: Bool,
        left: UnsafeMutablePointer<UInt128>, right: UnsafeMutablePointer<UInt128>,
        blocks: UnsafeMutablePointer<UInt64>
    ) {
        var a = left
        var b = right
        for step in 0..<10 {
            let round = decrypting ? 9 - step : step
            let modulus = constants.modulus(round: round)
            let base = constants.base ^ (UInt128(round) << constants.roundShift)
            let source = decrypting ? a : b
            let target = decrypting ? b : a
            for index in 0..<count {
                let block = base ^ source[index]
                blocks[2 &* index] = UInt64(truncatingIfNeeded: block >> 64).bigEndian
                blocks[2 &* index &+ 1] = UInt64(truncatingIfNeeded: block).bigEndian
            }
            cipher.encryptBlocks(blocks, blocks, blocks: count)
            for index in 0..<count {
                let r =
                    UInt128(UInt64(bigEndian: blocks[2 &* index])) << 64
                    | UInt128(UInt64(bigEndian: blocks[2 &* index &+ 1]))
                let y = r % modulus
                let value = target[index]
                if decrypting {
                    target[index] = value >= y ? value &- y : value &+ (modulus &- y)
                } else {
                    let sum = value &+ y
                    target[index] = sum >= modulus ? sum &- modulus : sum
                }
            }
            swap(&a, &b)
        }
    }

    /// `NUM(S) mod modulus` where `S` is the first 8 (`shortY`) or 12 bytes of the encrypted block.
    @inline(__always)
    private static func reduce(
        hi rawHi: UInt64, lo rawLo: UInt64, _ shortY: Bool, _ modulus: FastDivisor
    ) -> UInt64 {
        let hi = UInt64(bigEndian: rawHi)
        if shortY { return modulus.remainder(hi) }
        let lo = UInt64(bigEndian: rawLo)
        // y = hi * 2^32 + (lo >> 32), a 96-bit number.
        let high = modulus.remainder(hi >> 32)
        let low = (hi << 32) | (lo >> 32)
        return modulus.divisor.dividingFullWidth((high: high, low: low)).remainder
    }

    /// Runs FF1 on one value with arbitrary precision (used when `radix^v` exceeds 64 bits).
    static func wide(
        _ plan: FF1Plan, cipher: CipherContext, numerals: UnsafeBufferPointer<UInt16>,
        output: UnsafeMutableBufferPointer<UInt16>, decrypting: Bool
    ) {
        let context = BigNumberContext()
        var a = BigNumber(numerals: UnsafeBufferPointer(rebasing: numerals[0..<plan.u]), radix: plan.radix)
        var b = BigNumber(numerals: UnsafeBufferPointer(rebasing: numerals[plan.u...]), radix: plan.radix)
        let y = BigNumber()
        let powers = plan.powers
        var numeral = [UInt8](repeating: 0, count: plan.b)
        var s = [UInt8](repeating: 0, count: plan.d)
        for step in 0..<10 {
            let round = decrypting ? 9 - step : step
            let modulus = round & 1 == 0 ? powers.u : powers.v
            numeral.withUnsafeMutableBytes { (decrypting ? a : b).write(bytes: $0) }
            numeral.withUnsafeBytes { numeralBytes in
                s.withUnsafeMutableBytes {
                    plan.roundFunction(round: round, numeral: numeralBytes, cipher: cipher, output: $0)
                }
            }
            s.withUnsafeBytes { y.set(bytes: $0) }
            if decrypting {
                b.subtractModulo(y, modulus, context: context)
            } else {
                a.addModulo(y, modulus, context: context)
            }
            swap(&a, &b)
        }
        a.takeNumerals(into: UnsafeMutableBufferPointer(rebasing: output[0..<plan.u]), radix: plan.radix)
        b.takeNumerals(into: UnsafeMutableBufferPointer(rebasing: output[plan.u...]), radix: plan.radix)
    }
}
