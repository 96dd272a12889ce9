/// Which digits of a card number of `count` digits are kept, encrypted and adjusted (see ``CardRule``).
struct CardLayout {
    /// Digits kept at the start (the BIN with `keep_bin`).
    let keptPrefix: Int
    /// Digit indices FF1 changes: after the kept prefix, before the adjusted digit.
    let encrypted: Range<Int>
    /// The digit recomputed to keep the Luhn error offset: the last digit that is not kept.
    let adjusted: Int?

    init(count: Int, keepBIN: Bool, keepLast4: Bool) {
        keptPrefix = keepBIN ? min(6, count) : 0
        let keptSuffix = keepLast4 ? min(4, count - keptPrefix) : 0
        let freeEnd = count - keptSuffix
        adjusted = freeEnd > keptPrefix ? freeEnd - 1 : nil
        encrypted = keptPrefix..<(adjusted ?? keptPrefix)
    }

    /// The kept digits of `digits` as the FF1 tweak; empty when nothing is kept.
    func tweak<Digits: RandomAccessCollection<UInt8>>(_ digits: Digits) -> [UInt8] where Digits.Index == Int {
        guard let adjusted, keptPrefix > 0 || adjusted + 1 < digits.endIndex else { return [] }
        var tweak: [UInt8] = []
        tweak.reserveCapacity(digits.count - adjusted + keptPrefix)
        tweak.append(contentsOf: digits[digits.startIndex..<keptPrefix])
        tweak.append(0xFF)
        tweak.append(contentsOf: digits[(adjusted + 1)...])
        return tweak
    }

    /// Puts the new encrypted digits in place and recomputes the adjusted digit so the Luhn sum keeps the input's
    /// error offset `luhnError`.
    func finish<Digits: RandomAccessCollection<UInt8> & MutableCollection>(
        _ digits: inout Digits, encrypted replacement: some Sequence<UInt16>, luhnError: Int
    ) where Digits.Index == Int {
        var position = encrypted.lowerBound
        for numeral in replacement {
            digits[position] = UInt8(truncatingIfNeeded: numeral)
            position += 1
        }
        if let adjusted {
            digits[adjusted] = Luhn.digit(at: adjusted, in: digits, makingSum: luhnError)
        }
    }
}

/// A card number's digits within its text, and which of them are kept, encrypted and adjusted.
struct CardNumber {
    private var bytes: [UInt8]
    private var positions: [Int]
    /// Every digit, 0...9, most significant first.
    private(set) var digits: [UInt8]
    let layout: CardLayout
    /// The Luhn sum of the input, mod 10 (0 for a valid number); the output keeps it.
    private let luhnError: Int

    init(_ value: String, keepBIN: Bool, keepLast4: Bool) {
        bytes = Array(value.utf8)
        positions = []
        digits = []
        positions.reserveCapacity(bytes.count)
        digits.reserveCapacity(bytes.count)
        for (position, byte) in bytes.enumerated() where (0x30...0x39).contains(byte) {
            positions.append(position)
            digits.append(byte - 0x30)
        }
        layout = CardLayout(count: digits.count, keepBIN: keepBIN, keepLast4: keepLast4)
        luhnError = Luhn.sum(digits) % 10
    }

    /// Digit indices FF1 changes.
    var encrypted: Range<Int> { layout.encrypted }

    var encryptedNumerals: [UInt16] { digits[encrypted].map(UInt16.init) }

    /// The kept digits as the FF1 tweak; empty when nothing is kept.
    var tweak: [UInt8] { layout.tweak(digits) }

    /// Puts the new encrypted digits in place and recomputes the adjusted digit so the Luhn sum keeps
    /// the input's error offset.
    mutating func finish(encrypted replacement: [UInt16]) {
        layout.finish(&digits, encrypted: replacement, luhnError: luhnError)
        for (index, position) in positions.enumerated() {
            bytes[position] = 0x30 + digits[index]
        }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// The Luhn (mod 10) check used by payment cards.
enum Luhn {
    /// Sum of the digits with every second digit from the right doubled (and 9 subtracted above 9).
    static func sum<Digits: RandomAccessCollection<UInt8>>(_ digits: Digits) -> Int where Digits.Index == Int {
        var total = 0
        var index = digits.endIndex - 1
        var doubled = false
        while index >= digits.startIndex {
            total &+= contribution(Int(digits[index]), doubled: doubled)
            doubled.toggle()
            index &-= 1
        }
        return total
    }

    /// True when `digits` pass the Luhn check.
    static func isValid(_ digits: [UInt8]) -> Bool {
        !digits.isEmpty && sum(digits) % 10 == 0
    }

    /// The digit at `index` that makes the Luhn sum of `digits` equal `target` mod 10.
    static func digit<Digits: RandomAccessCollection<UInt8>>(at index: Int, in digits: Digits, makingSum target: Int)
        -> UInt8 where Digits.Index == Int
    {
        let doubled = (digits.endIndex - 1 - index) % 2 == 1
        let rest = sum(digits) - contribution(Int(digits[index]), doubled: doubled)
        let needed = ((target - rest) % 10 + 10) % 10
        // Doubling is a permutation of 0...9 once 9 is subtracted, so each contribution has one digit.
        return doubled ? undouble[needed] : UInt8(needed)
    }

    private static func contribution(_ digit: Int, doubled: Bool) -> Int {
        guard doubled else { return digit }
        let twice = digit * 2
        return twice > 9 ? twice - 9 : twice
    }

    private static let undouble: [UInt8] = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9]
}
