/// Keeps digit strings valid for a numeric column: the class used for cycle walking.
///
/// A number is *canonical* when it has no leading zero (unless it is the single digit 0), is not a
/// negative zero, and, for integer types, its magnitude fits the type. Cycle walking maps canonical
/// inputs to canonical outputs and the rest to the rest, so an integer column never receives `0123`
/// (which would read back as another number) or a value past `2147483647`.
struct NumericShape: Sendable {
    /// The digits of the type's largest magnitude for positive and negative values, or `nil` for
    /// unbounded numeric types (the negative one is one more: -2^(n-1) fits where 2^(n-1) does not).
    private let positiveMaximum: [UInt8]?
    private let negativeMaximum: [UInt8]?

    init(_ type: ColumnType) {
        positiveMaximum = type.integerKind.map { kind in kind.maximum.utf8.map { $0 - 0x30 } }
        negativeMaximum = positiveMaximum.map { digits in
            var result = digits
            var index = result.count - 1
            while index >= 0 {
                if result[index] < 9 {
                    result[index] += 1
                    break
                }
                result[index] = 0
                index -= 1
            }
            return result
        }
    }

    /// Whether `digits` (every digit of the value, most significant first, as 0...9) is canonical.
    /// - Parameter negative: the value has a minus sign, which allows one more in magnitude.
    func isCanonical<Digits: Collection>(_ digits: Digits, negative: Bool) -> Bool
    where Digits.Element == UInt8 {
        guard let first = digits.first else { return true }
        if first == 0 && digits.count > 1 { return false }
        // A negative zero reads back as zero: keep it apart from real numbers.
        if negative && digits.allSatisfy({ $0 == 0 }) { return false }
        guard let maximum = negative ? negativeMaximum : positiveMaximum else { return true }
        if digits.count != maximum.count { return digits.count < maximum.count }
        // Same number of digits: compare as decimal strings.
        for (digit, limit) in zip(digits, maximum) where digit != limit {
            return digit < limit
        }
        return true
    }
}
