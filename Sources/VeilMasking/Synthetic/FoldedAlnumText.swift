/// A text whose ASCII letters and digits are encrypted as radix-36 numerals with their case kept exactly.
///
/// Letters are folded to lower case (`0-9a-z`, numerals 0...35) and everything else (dots, plus signs,
/// hyphens, `@`, non-ASCII characters) stays in place; ``LetteredText`` builds on it to encrypt the letters and
/// digits of other scripts too. The case of the letters is restored on output
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
    /// Whether some scalar is beyond ASCII (a letter of another script, a mark, a symbol...).
    let hasNonASCII: Bool

    init(_ scalars: [UInt32]) {
        self.scalars = scalars
        var positions: [Int] = []
        var numerals: [UInt16] = []
        positions.reserveCapacity(scalars.count)
        numerals.reserveCapacity(scalars.count)
        var upper: Set<Int>?
        var hasLower = false
        var hasNonASCII = false
        scalars.withUnsafeBufferPointer { buffer in
            for offset in 0..<buffer.count {
                let scalar = buffer[offset]
                if scalar &- 0x30 < 10 {
                    numerals.append(UInt16(truncatingIfNeeded: scalar &- 0x30))
                } else if scalar &- 0x61 < 26 {
                    numerals.append(UInt16(truncatingIfNeeded: scalar &- 0x61 &+ 10))
                    hasLower = true
                } else if scalar &- 0x41 < 26 {
                    upper = upper ?? []
                    upper?.insert(numerals.count)
                    numerals.append(UInt16(truncatingIfNeeded: scalar &- 0x41 &+ 10))
                } else {
                    if scalar >= 0x80 { hasNonASCII = true }
                    continue
                }
                positions.append(offset)
            }
        }
        self.positions = positions
        self.numerals = numerals
        self.hasNonASCII = hasNonASCII
        if let upper {
            pattern = hasLower ? .mixed(upper) : .upper
        } else {
            pattern = .lower
        }
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
        let upper: Set<Int>?
        switch pattern {
        case .lower, .upper: upper = nil
        case .mixed(let set): upper = set
        }
        let allUpper = pattern == .upper
        for index in 0..<replacement.count {
            let numeral = UInt32(replacement[index])
            let letterBase: UInt32 = (allUpper || upper?.contains(index) == true) ? 0x41 : 0x61
            output[positions[index]] = numeral < 10 ? 0x30 + numeral : letterBase + numeral - 10
        }
        return output
    }
}

extension FoldedAlnumText {
    /// ``assembled(_:)`` as a string, with `suffix` scalars appended; ASCII text takes a byte-wise path.
    func assembledString(
        _ replacement: [UInt16], replacing offset: Int? = nil, with scalar: UInt32 = 0,
        suffix: [UInt32] = []
    ) -> String {
        var output = assembled(replacement)
        if let offset { output[offset] = scalar }
        output += suffix
        return Self.string(output)
    }

    static func string(_ scalars: [UInt32]) -> String {
        let isASCII = scalars.withUnsafeBufferPointer { buffer in
            var combined: UInt32 = 0
            for index in 0..<buffer.count { combined |= buffer[index] }
            return combined < 0x80
        }
        guard isASCII else { return ScalarBuffer.string(scalars) }
        return scalars.withUnsafeBufferPointer { source in
            String(unsafeUninitializedCapacity: source.count) { buffer in
                for index in 0..<source.count { buffer[index] = UInt8(truncatingIfNeeded: source[index]) }
                return source.count
            }
        }
    }
}
