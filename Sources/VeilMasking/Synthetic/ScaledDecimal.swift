/// Exact decimal numbers as scaled integers, for `fake.integer` and `fake.decimal`: parsing bounds,
/// formatting with a fixed scale, and comparing numeric text by value (`12.50` equals `12.5`).
/// (``DecimalText`` is the other view: a number's written form, kept for rules that edit it in place.)
enum ScaledDecimal {
    /// `text` (`-12.5`, `+3`, `0.125`) as an integer count of 10^-scale units, or `nil` when it is not a
    /// plain decimal, has more fraction digits than `scale`, or overflows.
    static func scaled(_ text: String, scale: Int) -> Int? {
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body.removeFirst()
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty || parts.count == 2 else { return nil }
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit), whole.count + fraction.count > 0
        else { return nil }
        var trimmed = fraction
        while trimmed.last == "0" { trimmed.removeLast() }
        guard trimmed.count <= scale else { return nil }
        var value = 0
        for digit in whole + trimmed + String(repeating: "0", count: scale - trimmed.count) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(digit.asciiValue! - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return negative ? -value : value
    }

    /// `units` × 10^-scale written with exactly `scale` fraction digits (`1250`, 2 → `12.50`).
    static func format(_ units: Int, scale: Int) -> String {
        ComposedText.compose(capacity: 22 + scale) { text in
            if units < 0 { text.append(ascii: 0x2D) }
            let magnitude = units.magnitude
            guard scale > 0 else {
                text.append(decimal: magnitude)
                return
            }
            // Beyond 10^18 every magnitude is below the divisor: a zero whole part.
            let divisor = power(scale).map(UInt.init)
            text.append(decimal: divisor.map { magnitude / $0 } ?? 0)
            text.append(ascii: 0x2E)
            text.append(decimal: divisor.map { magnitude % $0 } ?? magnitude, width: scale)
        }
    }

    /// The value of `text` in units of 10^-scale, when ``canonical(_:)`` reads it as a number that a value of
    /// ``format(_:scale:)`` can equal (at most `scale` fraction digits besides trailing zeros, within `Int`); nil
    /// otherwise. Two texts with the same canonical spelling give the same units.
    static func units(of text: String, scale: Int) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            var negative = false
            var sawSign = false
            var sawDot = false
            var digitCount = 0
            var magnitude: UInt64 = 0
            var fractionDigits = 0
            var pendingZeros = 0  // fraction zeros not yet known to be followed by another digit
            func shift(_ digit: UInt64) -> Bool {
                let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(digit)
                magnitude = sum
                return !overflow1 && !overflow2
            }
            for byte in bytes where byte != 0x20 {
                switch byte {
                case 0x2D, 0x2B:
                    guard !sawSign, !sawDot, digitCount == 0 else { return nil }
                    sawSign = true
                    negative = byte == 0x2D
                case 0x2E:
                    guard !sawDot else { return nil }
                    sawDot = true
                case 0x30...0x39:
                    digitCount += 1
                    let digit = UInt64(byte - 0x30)
                    guard sawDot else {
                        guard shift(digit) else { return nil }
                        continue
                    }
                    guard digit != 0 else {
                        pendingZeros += 1
                        continue
                    }
                    fractionDigits += pendingZeros + 1
                    guard fractionDigits <= scale else { return nil }
                    for _ in 0..<pendingZeros { guard shift(0) else { return nil } }
                    pendingZeros = 0
                    guard shift(digit) else { return nil }
                default:
                    return nil
                }
            }
            guard digitCount > 0 else { return nil }
            for _ in fractionDigits..<scale { guard shift(0) else { return nil } }
            if negative { return magnitude <= UInt64(Int.max) + 1 ? Int(truncatingIfNeeded: 0 &- magnitude) : nil }
            return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
        }
    }

    /// The number `text` denotes in a canonical spelling (no sign on zero, no leading or trailing zeros),
    /// or `nil` when it is not a plain decimal; two spellings of one number give the same result.
    static func canonical(_ text: String) -> String? {
        var body = Substring(text.filter { $0 != " " })
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body.removeFirst()
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        var whole = parts[0]
        var fraction = parts.count == 2 ? parts[1] : ""
        guard whole.count + fraction.count > 0 else { return nil }
        while whole.first == "0" { whole.removeFirst() }
        while fraction.last == "0" { fraction.removeLast() }
        let number = (whole.isEmpty ? "0" : String(whole)) + (fraction.isEmpty ? "" : "." + fraction)
        return negative && number != "0" ? "-" + number : number
    }

    /// 10^exponent, or `nil` past `Int`.
    static func power(_ exponent: Int) -> Int? {
        var value = 1
        for _ in 0..<max(0, exponent) {
            let (next, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = next
        }
        return value
    }

    /// A uniformly drawn integer in `range` (which may span more than `Int.max` values).
    static func draw(_ range: ClosedRange<Int>, _ random: inout SeededRandom) -> Int {
        let span = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound))
        if span == UInt64.max { return Int(bitPattern: UInt(random.next())) }
        let count = span + 1
        var product = random.next().multipliedFullWidth(by: count)
        if product.low < count {
            let threshold = (0 &- count) % count
            while product.low < threshold { product = random.next().multipliedFullWidth(by: count) }
        }
        return range.lowerBound &+ Int(truncatingIfNeeded: product.high)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
