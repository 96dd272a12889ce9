/// A text whose ASCII letters and digits are encrypted as radix-36 numerals with their case kept exactly.
///
/// Letters are folded to lower case (`0-9a-z`, numerals 0...35) and everything else (dots, plus signs,
/// hyphens, `@`, non-ASCII characters) stays in place. The case of the letters is restored on output
/// by one of three patterns, chosen from the input and recognisable again from the output, so that
/// decryption gives back exactly the original case:
/// - `lower`: no upper-case letter. Output letters are lower case.
/// - `upper`: upper-case letters and no lower-case one. Output letters are upper case; the output
///   must contain at least one letter (so it is recognised as `upper` again).
/// - `mixed`: both. The positions of the upper-case letters go into the tweak; the output must have
///   letters at exactly those positions (upper-cased) and at least one letter elsewhere (lower case).
///
/// The output constraints are met by cycle walking (``FF1Batcher``): the input always meets them, so
/// walking the permutation stays a permutation of the inputs with the same pattern. The pattern is part
/// of the tweak, so the mapping is one-to-one over all texts of a layout.
struct FoldedAlnumText {
    enum CasePattern: Equatable {
        case lower, upper
        /// Numeral indices of the upper-case letters.
        case mixed(Set<Int>)
    }

    static let radix = 36

    var scalars: [UInt32]
    /// Offsets in ``scalars`` of the letters and digits.
    let positions: [Int]
    let numerals: [UInt16]
    let pattern: CasePattern

    init(_ scalars: [UInt32]) {
        self.scalars = scalars
        var positions: [Int] = []
        var numerals: [UInt16] = []
        var upper: Set<Int> = []
        var hasLower = false
        for (offset, scalar) in scalars.enumerated() {
            switch scalar {
            case 0x30...0x39: numerals.append(UInt16(scalar - 0x30))
            case 0x61...0x7A:
                numerals.append(UInt16(scalar - 0x61 + 10))
                hasLower = true
            case 0x41...0x5A:
                upper.insert(numerals.count)
                numerals.append(UInt16(scalar - 0x41 + 10))
            default: continue
            }
            positions.append(offset)
        }
        self.positions = positions
        self.numerals = numerals
        pattern = upper.isEmpty ? .lower : (hasLower ? .mixed(upper) : .upper)
    }

    init(_ text: Substring) {
        self.init(ScalarBuffer.scalars(of: String(text)))
    }

    var count: Int { numerals.count }

    /// The case pattern as tweak bytes: 0 for lower, 1 for upper, 2 then a bitmask for mixed.
    var patternTweak: [UInt8] {
        switch pattern {
        case .lower: return [0]
        case .upper: return [1]
        case .mixed(let upper):
            var mask = [UInt8](repeating: 0, count: (numerals.count + 7) / 8)
            for index in upper { mask[index / 8] |= 1 << UInt8(index % 8) }
            return [2] + mask
        }
    }

    /// Whether `candidate` numerals can carry this text's case pattern (see the type's description).
    func admits(_ candidate: [UInt16]) -> Bool {
        switch pattern {
        case .lower: return true
        case .upper: return candidate.contains { $0 >= 10 }
        case .mixed(let upper):
            var letterElsewhere = false
            for (index, numeral) in candidate.enumerated() {
                if upper.contains(index) {
                    if numeral < 10 { return false }
                } else if numeral >= 10 {
                    letterElsewhere = true
                }
            }
            return letterElsewhere
        }
    }

    /// The text with `replacement` numerals in place, letters in this text's case pattern.
    func assembled(_ replacement: [UInt16]) -> [UInt32] {
        var output = scalars
        for (index, numeral) in replacement.enumerated() {
            let isUpper: Bool
            switch pattern {
            case .lower: isUpper = false
            case .upper: isUpper = true
            case .mixed(let upper): isUpper = upper.contains(index)
            }
            output[positions[index]] =
                numeral < 10 ? 0x30 + UInt32(numeral) : (isUpper ? 0x41 : 0x61) + UInt32(numeral) - 10
        }
        return output
    }
}
