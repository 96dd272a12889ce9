/// A number written in decimal text: `37`, `-0.25`, `+12.50`, `1.5e+20`, `.5`.
///
/// The parts are kept apart so a rule can change the value and write it back in the same form: the
/// sign, the digits before and after the point, and an exponent suffix (`e+20`) kept verbatim. The
/// arithmetic works on the digits as a scaled integer (`12.50` at scale 2 is 1250), limited to 18
/// significant digits so it fits 64 bits exactly; larger numbers are refused by the rules that use it.
struct DecimalText: Equatable {
    static let maximumDigits = 18

    var isNegative: Bool
    /// A leading `+` was written; it is written back.
    var hasPlus: Bool
    /// Digits before the point, ASCII, possibly empty (`.5`).
    var integerDigits: [UInt8]
    /// Digits after the point, ASCII, possibly empty.
    var fractionDigits: [UInt8]
    /// `e+20`, `E-3` or empty, as written.
    var exponent: [UInt8]

    /// Parses `text`, or returns `nil` when it is not a plain decimal number (no spaces, no grouping).
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        isNegative = false
        hasPlus = false
        if index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B {
            isNegative = bytes[index] == 0x2D
            hasPlus = bytes[index] == 0x2B
            index += 1
        }
        integerDigits = []
        while index < bytes.count, Self.isDigit(bytes[index]) {
            integerDigits.append(bytes[index])
            index += 1
        }
        fractionDigits = []
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            while index < bytes.count, Self.isDigit(bytes[index]) {
                fractionDigits.append(bytes[index])
                index += 1
            }
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return nil }
        exponent = []
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            exponent.append(bytes[index])
            index += 1
            if index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B {
                exponent.append(bytes[index])
                index += 1
            }
            var exponentDigits = 0
            while index < bytes.count, Self.isDigit(bytes[index]) {
                exponent.append(bytes[index])
                index += 1
                exponentDigits += 1
            }
            guard exponentDigits > 0 else { return nil }
        }
        guard index == bytes.count else { return nil }
    }

    /// Digits after the point as written.
    var scale: Int { fractionDigits.count }

    /// True when every digit is zero.
    var isZero: Bool {
        integerDigits.allSatisfy { $0 == 0x30 } && fractionDigits.allSatisfy { $0 == 0x30 }
    }

    /// The magnitude as an integer scaled by 10^`workingScale` (at least ``scale``), or `nil` when it
    /// needs more than ``maximumDigits`` digits.
    func magnitude(atScale workingScale: Int) -> UInt64? {
        guard workingScale >= scale else { return nil }
        var value: UInt64 = 0
        var significant = 0
        let padding = repeatElement(UInt8(0x30), count: workingScale - scale)
        for digit in integerDigits + fractionDigits + padding {
            if significant > 0 || digit != 0x30 { significant += 1 }
            guard significant <= Self.maximumDigits else { return nil }
            value = value * 10 + UInt64(digit - 0x30)
        }
        return value
    }

    /// This number's form (sign style, exponent) with another magnitude, scaled by 10^`scale`.
    /// Zero is written without a minus sign.
    func formatted(magnitude: UInt64, scale: Int, negative: Bool) -> String {
        var digits = Array(String(magnitude).utf8)
        if digits.count <= scale {
            digits.insert(contentsOf: repeatElement(UInt8(0x30), count: scale + 1 - digits.count), at: 0)
        }
        var output: [UInt8] = []
        output.reserveCapacity(digits.count + exponent.count + 2)
        if negative && magnitude != 0 {
            output.append(0x2D)
        } else if hasPlus {
            output.append(0x2B)
        }
        output.append(contentsOf: digits[..<(digits.count - scale)])
        if scale > 0 {
            output.append(0x2E)
            output.append(contentsOf: digits[(digits.count - scale)...])
        }
        output.append(contentsOf: exponent)
        return String(decoding: output, as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
