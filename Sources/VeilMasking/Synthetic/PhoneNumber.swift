/// A phone number split into the digits that stay (international prefix, country code, trunk `0`,
/// `keep_prefix` digits) and the free digits that are masked; every other character is layout.
struct PhoneNumber {
    /// Two-digit ITU-T E.164 country calling codes. Codes starting with 1 or 7 have one digit
    /// (North American Numbering Plan, Russia/Kazakhstan); every other code not listed has three.
    static let twoDigitCodes: Set<Int> = [
        20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
        60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
    ]

    var scalars: [UInt32]
    /// Offsets in ``scalars`` of the digits.
    let positions: [Int]
    /// Every digit as a numeral 0...9.
    let digits: [UInt16]
    /// How many leading digits stay as they are.
    let keptCount: Int
    /// True for a national number whose first free digit decides its reading: it must stay non-zero,
    /// or the output would gain a trunk `0` (or an international `00`) and read differently.
    let leadingDigitMatters: Bool

    /// - Throws: when the value has no digit.
    init(_ value: String, keepPrefix: Int) throws(ValueError) {
        scalars = ScalarBuffer.scalars(of: value)
        var positions: [Int] = []
        var digits: [UInt16] = []
        for (offset, scalar) in scalars.enumerated() where (0x30...0x39).contains(scalar) {
            positions.append(offset)
            digits.append(UInt16(scalar - 0x30))
        }
        guard !digits.isEmpty else { throw ValueError("not a phone number (no digits)") }
        self.positions = positions
        self.digits = digits
        let plus = scalars.first { $0 != 0x20 && $0 != 0x28 } == 0x2B
        var kept: Int
        var national = false
        if plus {
            kept = Self.countryCodeLength(digits[...])
        } else if digits.starts(with: [0, 0]) {
            // The international call prefix 00, then a country code.
            kept = 2 + Self.countryCodeLength(digits[2...])
        } else {
            // A national number: its trunk prefix 0 stays.
            kept = digits[0] == 0 ? 1 : 0
            national = true
        }
        keptCount = min(digits.count, kept + keepPrefix)
        leadingDigitMatters = national && keepPrefix == 0

    }

    /// The length of the country calling code at the start of `digits` (1, 2 or 3, at most the count).
    static func countryCodeLength(_ digits: ArraySlice<UInt16>) -> Int {
        guard let first = digits.first else { return 0 }
        if first == 1 || first == 7 { return 1 }
        guard digits.count >= 2 else { return digits.count }
        let two = Int(first) * 10 + Int(digits[digits.startIndex + 1])
        return twoDigitCodes.contains(two) ? 2 : min(3, digits.count)
    }

    var freeDigits: [UInt16] { Array(digits[keptCount...]) }

    /// The class cycle walking keeps (see ``leadingDigitMatters``): whether the first free digit is non-zero.
    static func leadsWithNonZero(_ free: [UInt16]) -> Bool {
        free.first.map { $0 != 0 } ?? true
    }

    /// The kept digits and the total digit count, as the FF1 tweak.
    var tweak: [UInt8] {
        [UInt8(truncatingIfNeeded: digits.count), 0xFF] + digits[..<keptCount].map { UInt8($0) }
    }

    /// The number with `free` in place of the free digits.
    func assembled(free: [UInt16]) -> String {
        var output = scalars
        for (index, digit) in free.enumerated() {
            output[positions[keptCount + index]] = 0x30 + UInt32(digit)
        }
        return ScalarBuffer.string(output)
    }
}
