internal import COpenSSL

// `BN_ULONG` is a macro for `unsigned long`, which Swift sees as `UInt` (64-bit on LP64 platforms).

/// Owns one OpenSSL `BIGNUM` (non-negative integers only here) and clears and frees it in `deinit`.
///
/// Used by the arbitrary-precision paths of FF1 and FF3-1, where `radix^length` exceeds 64 bits.
final class BigNumber {
    fileprivate let pointer: OpaquePointer

    init() {
        guard let pointer = BN_new() else { fatalError("OpenSSL BN_new failed: out of memory") }
        self.pointer = pointer
    }

    deinit {
        BN_clear_free(pointer)
    }

    /// `NUM_radix(numerals)`: the numerals read as a big-endian number in base `radix`.
    convenience init(numerals: UnsafeBufferPointer<UInt16>, radix: Int) {
        self.init()
        set(numerals: numerals, radix: radix)
    }

    /// `base^exponent`.
    convenience init(power base: Int, exponent: Int, context: BigNumberContext) {
        self.init()
        let baseNumber = BigNumber()
        let exponentNumber = BigNumber()
        BN_set_word(baseNumber.pointer, UInt(base))
        BN_set_word(exponentNumber.pointer, UInt(exponent))
        check(BN_exp(pointer, baseNumber.pointer, exponentNumber.pointer, context.pointer))
    }

    /// The number of significant bits (0 for zero).
    var bitCount: Int { Int(BN_num_bits(pointer)) }

    var isZero: Bool { BN_is_zero(pointer) == 1 }

    func subtract(word: UInt) { check(BN_sub_word(pointer, UInt(word))) }

    /// Sets the value to `NUM_radix(numerals)`, consuming as many numerals per word operation as fit.
    func set(numerals: UnsafeBufferPointer<UInt16>, radix: Int) {
        BN_zero_ex(pointer)
        let (chunkDigits, _) = Self.chunk(radix: radix)
        var index = 0
        while index < numerals.count {
            let take = min(chunkDigits, numerals.count - index)
            var chunkValue: UInt = 0
            var multiplier: UInt = 1
            for offset in 0..<take {
                chunkValue = chunkValue &* UInt(radix) &+ UInt(numerals[index + offset])
                multiplier = multiplier &* UInt(radix)
            }
            check(BN_mul_word(pointer, UInt(multiplier)))
            check(BN_add_word(pointer, UInt(chunkValue)))
            index += take
        }
    }

    /// Writes `STR^m_radix(self)` into `output` (m = `output.count`), destroying the value.
    func takeNumerals(into output: UnsafeMutableBufferPointer<UInt16>, radix: Int) {
        let (chunkDigits, _) = Self.chunk(radix: radix)
        var end = output.count
        while end > 0 {
            let take = min(chunkDigits, end)
            var divisor: UInt = 1
            for _ in 0..<take { divisor = divisor &* UInt(radix) }
            var remainder = UInt(BN_div_word(pointer, UInt(divisor)))
            for position in stride(from: end - 1, through: end - take, by: -1) {
                output[position] = UInt16(truncatingIfNeeded: remainder % UInt(radix))
                remainder /= UInt(radix)
            }
            end -= take
        }
    }

    /// Sets the value from big-endian bytes.
    func set(bytes: UnsafeRawBufferPointer) {
        let result = BN_bin2bn(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(bytes.count), pointer)
        precondition(result != nil, "OpenSSL BN_bin2bn failed")
    }

    /// Writes the value as exactly `output.count` big-endian bytes (the value must fit).
    func write(bytes output: UnsafeMutableRawBufferPointer) {
        let written = BN_bn2binpad(
            pointer, output.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(output.count))
        precondition(Int(written) == output.count, "value does not fit in the byte string")
    }

    /// `self = (self + other) mod modulus`.
    func addModulo(_ other: BigNumber, _ modulus: BigNumber, context: BigNumberContext) {
        check(BN_mod_add(pointer, pointer, other.pointer, modulus.pointer, context.pointer))
    }

    /// `self = (self - other) mod modulus`, non-negative.
    func subtractModulo(_ other: BigNumber, _ modulus: BigNumber, context: BigNumberContext) {
        check(BN_mod_sub(pointer, pointer, other.pointer, modulus.pointer, context.pointer))
    }

    /// Whether `self >= other`.
    func isGreaterThanOrEqual(to other: BigNumber) -> Bool { BN_cmp(pointer, other.pointer) >= 0 }

    /// The most numerals of base `radix` that fit in one machine word, and that word's bit width.
    static func chunk(radix: Int) -> (digits: Int, bits: Int) {
        var digits = 0
        var value: UInt = 1
        while true {
            let (next, overflow) = value.multipliedReportingOverflow(by: UInt(radix))
            if overflow { break }
            value = next
            digits += 1
        }
        return (max(digits, 1), UInt.bitWidth)
    }

    private func check(_ status: Int32) {
        // Only allocation failure can make these fail with valid, non-negative operands.
        precondition(status == 1, "OpenSSL BIGNUM operation failed")
    }
}

/// Owns a `BN_CTX` scratch area for BIGNUM arithmetic and frees it in `deinit`.
final class BigNumberContext {
    fileprivate let pointer: OpaquePointer

    init() {
        guard let pointer = BN_CTX_new() else { fatalError("OpenSSL BN_CTX_new failed: out of memory") }
        self.pointer = pointer
    }

    deinit {
        BN_CTX_free(pointer)
    }
}
