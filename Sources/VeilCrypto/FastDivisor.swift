/// Division by a fixed divisor through a precomputed reciprocal (Barrett reduction): a multiply, a
/// multiply-subtract and one correction instead of a `div` instruction in FF1's inner loops.
///
/// Corrections are computed with masks rather than branches: their outcome is data-dependent and random,
/// so a branch would be mispredicted about half of the time.
struct FastDivisor {
    let divisor: UInt64
    /// `floor(2^64 / divisor)`.
    private let reciprocal: UInt64
    /// `ceil(2^128 / divisor)` as two words, for the exact remainder of ``remainder(_:)``.
    private let fractionHigh: UInt64, fractionLow: UInt64

    init(_ divisor: UInt64) {
        precondition(divisor >= 2, "FastDivisor needs a divisor of at least 2")
        self.divisor = divisor
        // floor(2^64 / d) is floor((2^64 - 1) / d) unless d divides 2^64 (a power of two).
        reciprocal = divisor & (divisor - 1) == 0 ? (UInt64.max / divisor) &+ 1 : UInt64.max / divisor
        // ceil(2^128 / d) = floor((2^128 - 1) / d) + 1.
        let (high, rest) = UInt64.max.quotientAndRemainder(dividingBy: divisor)
        let low = divisor.dividingFullWidth((high: rest, low: UInt64.max)).quotient
        let (sum, carry) = low.addingReportingOverflow(1)
        fractionLow = sum
        fractionHigh = high &+ (carry ? 1 : 0)
    }

    /// `(value / divisor, value % divisor)` for any 64-bit `value`.
    ///
    /// With `m = floor(2^64 / d)`, `value * m / 2^64` lies in `(value/d - 1, value/d]`, so the estimated
    /// quotient is the true one or one less: a single conditional subtraction corrects it.
    @inline(__always)
    func divide(_ value: UInt64) -> (quotient: UInt64, remainder: UInt64) {
        let estimate = value.multipliedFullWidth(by: reciprocal).high
        let (corrected, borrow) = (value &- estimate &* divisor).subtractingReportingOverflow(divisor)
        let keep = Self.bit(borrow)  // 1 when no correction was needed
        return (estimate &+ 1 &- keep, corrected &+ (divisor & (0 &- keep)))
    }

    /// `value % divisor` for any 64-bit `value`, exactly and without a correction step (Lemire, Kaser and
    /// Kurz, "Faster remainder by direct computation", 2019, with a 128-bit fraction): the fractional part
    /// `(c * value) mod 2^128`, with `c = ceil(2^128 / d)`, times `d`, shifted right by 128 bits.
    @inline(__always)
    func remainder(_ value: UInt64) -> UInt64 {
        let lowProduct = fractionLow.multipliedFullWidth(by: value)
        let fractionLowWord = lowProduct.low
        let fractionHighWord = lowProduct.high &+ fractionHigh &* value
        let carryIn = fractionLowWord.multipliedFullWidth(by: divisor).high
        let top = fractionHighWord.multipliedFullWidth(by: divisor)
        let (_, carry) = top.low.addingReportingOverflow(carryIn)
        return top.high &+ (carry ? 1 : 0)
    }

    /// `(a + b) mod divisor` for `a, b < divisor`.
    @inline(__always)
    func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (sum, carry) = a.addingReportingOverflow(b)
        let (reduced, borrow) = sum.subtractingReportingOverflow(divisor)
        // Keep `sum` only when it is below the divisor and did not wrap past 2^64.
        let keep = Self.bit(borrow) & (1 &- Self.bit(carry))
        return reduced &+ (divisor & (0 &- keep))
    }

    /// `(a - b) mod divisor` for `a, b < divisor`.
    @inline(__always)
    func subtract(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (difference, borrow) = a.subtractingReportingOverflow(b)
        return difference &+ (divisor & (0 &- Self.bit(borrow)))
    }

    @inline(__always)
    private static func bit(_ flag: Bool) -> UInt64 { UInt64(UInt8(bitPattern: Int8(flag ? 1 : 0))) }
}
