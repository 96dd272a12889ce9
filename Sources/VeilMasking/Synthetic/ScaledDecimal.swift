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
        let magnitude = String(units.magnitude)
        let sign = units < 0 ? "-" : ""
        guard scale > 0 else { return sign + magnitude }
        let padded =
            magnitude.count > scale ? magnitude : String(repeating: "0", count: scale + 1 - magnitude.count) + magnitude
        return sign + padded.dropLast(scale) + "." + padded.suffix(scale)
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
