/// A US Social Security number within its text: `AAA-GG-SSSS`, `AAA GG SSSS` or `AAAGGSSSS`.
struct SSNText {
    private var bytes: [UInt8]
    private let positions: [Int]
    /// The nine digits, 0...9.
    private(set) var digits: [UInt8]

    /// - Throws: a reason (never the value) when `value` is not laid out as an SSN.
    init(_ value: String) throws(ValueError) {
        let bytes = Array(value.utf8)
        self.bytes = bytes
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        switch bytes.count {
        case 9:
            positions = Array(0..<9)
        case 11 where (bytes[3] == 0x2D && bytes[6] == 0x2D) || (bytes[3] == 0x20 && bytes[6] == 0x20):
            positions = [0, 1, 2, 4, 5, 7, 8, 9, 10]
        default:
            throw ValueError("not an SSN: expected AAA-GG-SSSS, AAA GG SSSS or nine digits")
        }
        guard positions.allSatisfy({ isDigit(bytes[$0]) }) else {
            throw ValueError("not an SSN: expected AAA-GG-SSSS, AAA GG SSSS or nine digits")
        }
        digits = positions.map { bytes[$0] - 0x30 }
    }

    var numerals: [UInt16] { digits.map(UInt16.init) }

    mutating func finish(_ numerals: [UInt16]) {
        for (index, numeral) in numerals.enumerated() {
            digits[index] = UInt8(numeral)
            bytes[positions[index]] = 0x30 + UInt8(numeral)
        }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// The ranges the Social Security Administration issues: area 001...899 except 666, group 01...99,
/// serial 0001...9999 (898 × 99 × 9999 = 888,931,098 numbers).
enum SSNRanges {
    static let validCount = 898 * 99 * 9999

    /// True when the nine digits (0...9 each) form an issuable SSN.
    static func isValid<Digits: RandomAccessCollection>(_ digits: Digits) -> Bool
    where Digits.Element: BinaryInteger, Digits.Index == Int {
        guard digits.count == 9 else { return false }
        let start = digits.startIndex
        func number(_ range: Range<Int>) -> Int {
            range.reduce(0) { $0 * 10 + Int(digits[start + $1]) }
        }
        let area = number(0..<3)
        return area != 0 && area != 666 && area < 900 && number(3..<5) != 0 && number(5..<9) != 0
    }
}
