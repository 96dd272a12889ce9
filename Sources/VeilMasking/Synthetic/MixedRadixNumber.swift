/// A non-negative integer of any size, with just what mixed-radix numbers need: multiply-add and division by a
/// small number, bits in and out, comparison. Limbs are 32-bit, least significant first, without leading zeros.
struct MixedRadixNumber: Comparable, Sendable {
    private(set) var limbs: [UInt32] = []

    init() {}

    /// The number whose big-endian digits are `digits`, each below its radix in `radices` (Horner's rule).
    init(digits: [UInt16], radices: [Int]) {
        for (digit, radix) in zip(digits, radices) {
            multiply(by: UInt32(radix), adding: UInt32(digit))
        }
    }

    /// The product of `radices`: how many digit strings of those radices there are.
    init(product radices: [Int]) {
        multiply(by: 1, adding: 1)
        for radix in radices { multiply(by: UInt32(radix), adding: 0) }
    }

    /// The number whose big-endian bits are `bits` (each 0 or 1).
    init(bits: [UInt16]) {
        limbs = Array(repeating: 0, count: (bits.count + 31) / 32)
        for (offset, bit) in bits.reversed().enumerated() where bit != 0 {
            limbs[offset / 32] |= 1 << UInt32(offset % 32)
        }
        trim()
    }

    /// The number of bits up to the highest set one (0 for zero).
    var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return (limbs.count - 1) * 32 + (32 - top.leadingZeroBitCount)
    }

    /// The lowest `count` bits, big-endian (the numerals of FF1 in radix 2).
    func bits(count: Int) -> [UInt16] {
        var bits = [UInt16](repeating: 0, count: count)
        for offset in 0..<min(count, limbs.count * 32) {
            bits[count - 1 - offset] = UInt16((limbs[offset / 32] >> UInt32(offset % 32)) & 1)
        }
        return bits
    }

    /// The big-endian digits of this number in `radices` (the inverse of ``init(digits:radices:)`` for a number
    /// below the product of the radices).
    func digits(radices: [Int]) -> [UInt16] {
        var rest = self
        var digits = [UInt16](repeating: 0, count: radices.count)
        for position in radices.indices.reversed() {
            digits[position] = UInt16(rest.divide(by: UInt32(radices[position])))
        }
        return digits
    }

    /// Whether the number is at least `bound`.
    func isAtLeast(_ bound: UInt64) -> Bool {
        if limbs.count > 2 { return true }
        var value: UInt64 = 0
        for limb in limbs.reversed() { value = value << 32 | UInt64(limb) }
        return value >= bound
    }

    mutating func multiply(by factor: UInt32, adding addend: UInt32) {
        var carry = UInt64(addend)
        for index in limbs.indices {
            let product = UInt64(limbs[index]) * UInt64(factor) + carry
            limbs[index] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
        trim()
    }

    /// Divides in place and returns the remainder.
    mutating func divide(by divisor: UInt32) -> UInt32 {
        var remainder: UInt64 = 0
        for index in limbs.indices.reversed() {
            let current = remainder << 32 | UInt64(limbs[index])
            limbs[index] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
        }
        trim()
        return UInt32(remainder)
    }

    private mutating func trim() {
        while limbs.last == 0 { limbs.removeLast() }
    }

    static func < (left: MixedRadixNumber, right: MixedRadixNumber) -> Bool {
        if left.limbs.count != right.limbs.count { return left.limbs.count < right.limbs.count }
        for index in left.limbs.indices.reversed() where left.limbs[index] != right.limbs[index] {
            return left.limbs[index] < right.limbs[index]
        }
        return false
    }
}
