/// A text with letters or digits beyond ASCII, encrypted whole: every letter and digit of any script becomes a
/// letter or digit of its own class, reversibly (`email`'s encoding 2).
///
/// Each letter or digit is a digit of one mixed-radix number: an ASCII letter or digit in radix 36 (folded to
/// `0-9a-z` as ``FoldedAlnumText`` does, whose case pattern rules stay as they are), any other one in the radix of
/// its ``LetterClass`` (32 for Russian `а-я`, 20,992 for CJK Unified Ideographs...), its number in the class the
/// digit. The text's number lies below `N`, the product of the radices; it is encrypted with FF1 over its bits
/// (radix 2, ``bitCount`` bits, the bit width of `N - 1`) and re-encrypted while the result is `N` or more or does
/// not fit the ASCII case pattern (cycle walking: fewer than two rounds expected, since `N` is more than half of
/// `2^bitCount`). So every character stays in its class — a Cyrillic letter Cyrillic, an ideograph an ideograph, a
/// digit a digit — the case of every letter is kept where it stands, the mapping is one-to-one for each layout, and
/// decryption walks back to the original exactly. FF1's minimum domain (10^6) applies to `N`: ``isLargeEnough``.
///
/// Why not FF1 per class: a name of three Cyrillic letters and two digits has too few values per class for FF1, and
/// separate ciphers would let each class be attacked on its own; one number makes every character depend on all.
/// Why not one radix for all: the output could not keep each character in its script, and a radix of all Unicode
/// letters would make most outputs unreadable. Characters in no class (dots, `+`, `-`, `@`, marks, symbols) stay in
/// place.
struct LetteredText {
    /// The ASCII letters and digits and their case pattern (the scalars are the whole text's).
    let ascii: FoldedAlnumText
    /// Offsets in the scalars of every letter and digit, ASCII included, in order.
    let positions: [Int]
    /// Per position: the radix (36 for ASCII, else the class's size).
    let radices: [Int]
    /// Per position: the class's index in ``LetterClass/all``, or -1 for ASCII.
    let classes: [Int]
    /// Per position: whether the letter is the upper-case form of a cased class (ASCII case is in ``ascii``).
    let upper: [Bool]
    /// Per position: the digit (folded ASCII numeral or number in the class).
    let digits: [UInt16]
    /// `N`, the number of texts of this layout.
    let domainSize: MixedRadixNumber
    /// The bit width of `N - 1`: FF1's length.
    let bitCount: Int

    /// The text's letters and digits; `nil` when none is outside ASCII (then ``FoldedAlnumText`` alone applies).
    init?(_ ascii: FoldedAlnumText) {
        guard ascii.hasNonASCII else { return nil }
        var positions: [Int] = []
        var radices: [Int] = []
        var classes: [Int] = []
        var upper: [Bool] = []
        var digits: [UInt16] = []
        var asciiIndex = 0
        var found = false
        for (offset, scalar) in ascii.scalars.enumerated() {
            if asciiIndex < ascii.positions.count && ascii.positions[asciiIndex] == offset {
                positions.append(offset)
                radices.append(FoldedAlnumText.radix)
                classes.append(-1)
                upper.append(false)
                digits.append(ascii.numerals[asciiIndex])
                asciiIndex += 1
            } else if let member = LetterClass.member(scalar) {
                positions.append(offset)
                radices.append(LetterClass.all[member.classIndex].count)
                classes.append(member.classIndex)
                upper.append(member.isUpper)
                digits.append(UInt16(member.index))
                found = true
            }
        }
        guard found else { return nil }
        self.ascii = ascii
        self.positions = positions
        self.radices = radices
        self.classes = classes
        self.upper = upper
        self.digits = digits
        domainSize = MixedRadixNumber(product: radices)
        bitCount = Self.bitWidth(ofPredecessor: domainSize)
    }

    /// Whether FF1 may encrypt it: at least 10^6 texts of this layout.
    var isLargeEnough: Bool { domainSize.isAtLeast(1_000_000) }

    /// The text's number as FF1 numerals (``bitCount`` bits).
    var bits: [UInt16] { MixedRadixNumber(digits: digits, radices: radices).bits(count: bitCount) }

    /// The layout as tweak bytes: after a 0xFE marker (which no ASCII-only tweak has there), the ASCII case pattern,
    /// then two bytes per letter or digit: its class's id (0 for ASCII), the top bit set for an upper-case form.
    var layoutTweak: [UInt8] {
        var bytes: [UInt8] = [0xFE]
        bytes += ascii.patternTweak
        for index in positions.indices {
            let id = classes[index] < 0 ? 0 : LetterClass.all[classes[index]].id
            let word = UInt16(id) | (upper[index] ? 0x8000 : 0)
            bytes += [UInt8(word >> 8), UInt8(word & 0xFF)]
        }
        return bytes
    }

    /// The digits of `bits`, or `nil` when the number is not below `N`.
    func digits(ofBits bits: [UInt16]) -> [UInt16]? {
        let number = MixedRadixNumber(bits: bits)
        guard number < domainSize else { return nil }
        return number.digits(radices: radices)
    }

    /// Whether `bits` encode a text of this layout: a number below `N` whose ASCII letters and digits fit the case
    /// pattern.
    func admits(_ bits: [UInt16]) -> Bool {
        guard let digits = digits(ofBits: bits) else { return false }
        return admitsDigits(digits)
    }

    /// Whether `digits` fit the ASCII case pattern.
    func admitsDigits(_ digits: [UInt16]) -> Bool {
        ascii.pattern == .lower || ascii.admits(asciiDigits(digits))
    }

    /// The text with the letters and digits of `bits` (a number below `N`: cycle walking sees to it; a larger one
    /// would be taken modulo `N`, never replaced by the input's own letters).
    func assembled(_ bits: [UInt16]) -> [UInt32] {
        let digits = MixedRadixNumber(bits: bits).digits(radices: radices)
        var output = ascii.assembled(asciiDigits(digits))
        for (index, position) in positions.enumerated() where classes[index] >= 0 {
            output[position] = LetterClass.all[classes[index]].scalar(Int(digits[index]), upper: upper[index])
        }
        return output
    }

    private func asciiDigits(_ digits: [UInt16]) -> [UInt16] {
        var result: [UInt16] = []
        result.reserveCapacity(ascii.count)
        for (index, digit) in digits.enumerated() where classes[index] < 0 { result.append(digit) }
        return result
    }

    private static func bitWidth(ofPredecessor number: MixedRadixNumber) -> Int {
        // N - 1 has the bit width of N unless N is a power of two.
        let width = number.bitWidth
        return number.bits(count: width).dropFirst().allSatisfy { $0 == 0 } ? width - 1 : width
    }
}
