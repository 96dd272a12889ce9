/// One part of an address that `email` encrypts as a whole (a local part, the labels of a domain, or both
/// together), with its tweak.
///
/// Under encoding 1, and for every text whose letters and digits are all ASCII, the ASCII letters and digits are
/// FF1 numerals in radix 36 (``FoldedAlnumText``) and everything else stays in place. Under encoding 2 a text with a
/// letter or digit of another script is a ``LetteredText``: all its letters and digits, of every script, encrypted
/// together as one number with FF1 in radix 2.
struct EmailPiece {
    enum Text {
        case folded(FoldedAlnumText)
        case lettered(LetteredText)
    }

    let text: Text
    let tweak: [UInt8]

    /// - Parameters:
    ///   - scalars: the part's text.
    ///   - encoding: the `email` rule's encoding (1: ASCII letters and digits only; 2: every script).
    ///   - purpose: a letter naming the part in the tweak (`x`, `k`, `l`, `d`, `j`).
    ///   - context: text the tweak holds besides (the domain a local part belongs to...).
    init(_ scalars: [UInt32], encoding: Int, purpose: Character, context: Substring = "") {
        let folded = FoldedAlnumText(scalars)
        if encoding >= 2, let lettered = LetteredText(folded) {
            text = .lettered(lettered)
            tweak = Array(purpose.utf8) + lettered.layoutTweak + [0] + Array(context.utf8)
            return
        }
        text = .folded(folded)
        if folded.pattern == .lower && context.isEmpty, let ascii = purpose.asciiValue {
            tweak = [ascii, 0, 0]
            return
        }
        var tweak = Array(purpose.utf8)
        tweak += folded.patternTweak
        tweak.append(0)
        if !context.isEmpty { tweak += context.utf8 }
        self.tweak = tweak
    }

    init(_ text: Substring, encoding: Int, purpose: Character, context: Substring = "") {
        self.init(ScalarBuffer.scalars(of: String(text)), encoding: encoding, purpose: purpose, context: context)
    }

    /// The whole text's scalars.
    var scalars: [UInt32] {
        switch text {
        case .folded(let folded): folded.scalars
        case .lettered(let lettered): lettered.ascii.scalars
        }
    }

    /// Whether nothing in it is encrypted (no letter or digit).
    var isEmpty: Bool {
        if case .folded(let folded) = text { return folded.count == 0 }
        return false
    }

    /// Whether FF1 may encrypt it: 10^6 possible values or more (four ASCII letters and digits, or the product of
    /// the radices of a lettered text).
    /// - Parameter minimumFolded: the fewest letters and digits radix-36 FF1 takes.
    func isLargeEnough(minimumFolded: Int) -> Bool {
        switch text {
        case .folded(let folded): folded.count >= minimumFolded
        case .lettered(let lettered): lettered.isLargeEnough
        }
    }

    /// The FF1 numerals: radix 36 for a folded text, the bits of its number for a lettered one.
    var numerals: [UInt16] {
        switch text {
        case .folded(let folded): folded.numerals
        case .lettered(let lettered): lettered.bits
        }
    }

    /// Whether FF1 outputs must be walked (a case pattern or a number below `N` to keep).
    var walks: Bool {
        switch text {
        case .folded(let folded): folded.pattern != .lower
        case .lettered: true
        }
    }

    /// Whether `numerals` are an output of this part's layout.
    func admits(_ numerals: [UInt16]) -> Bool {
        switch text {
        case .folded(let folded): folded.admits(numerals)
        case .lettered(let lettered): lettered.admits(numerals)
        }
    }

    /// A keyed one-way replacement of the numerals, for a part too small for FF1.
    func oneWay(random: inout SeededRandom) -> [UInt16] {
        switch text {
        case .folded(let folded):
            return OneWayFormatMapping.map(
                folded.numerals, radix: FoldedAlnumText.radix, random: &random, classify: folded.admits)
        case .lettered(let lettered):
            let digits = OneWayFormatMapping.map(
                lettered.digits, radices: lettered.radices, random: &random, classify: lettered.admitsDigits)
            return MixedRadixNumber(digits: digits, radices: lettered.radices).bits(count: lettered.bitCount)
        }
    }

    /// The part with `numerals` in place; optionally one scalar replaced (the `@` of `local@domain`) and `suffix`
    /// appended.
    func string(_ numerals: [UInt16], replacing offset: Int? = nil, with scalar: UInt32 = 0, suffix: [UInt32] = [])
        -> String
    {
        switch text {
        case .folded(let folded):
            return folded.assembledString(numerals, replacing: offset, with: scalar, suffix: suffix)
        case .lettered(let lettered):
            var output = lettered.assembled(numerals)
            if let offset { output[offset] = scalar }
            output += suffix
            return FoldedAlnumText.string(output)
        }
    }
}
