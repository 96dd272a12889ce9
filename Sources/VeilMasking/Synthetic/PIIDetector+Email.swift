extension PIIText {
    /// `local@domain.tld`, internationalized too (RFC 6531): a local part of letters, digits and marks of any script
    /// and `._%+-`; a domain of at least two labels of letters, digits, marks and `-`; and a top-level label of two
    /// or more letters (`рф` and `中国` count). Trailing dots and dashes (end of sentence) are not part of the
    /// address.
    ///
    /// Scripts written without spaces (Han, kana, Hangul, Thai...) may run straight into an address: `请联系zhang@…`,
    /// `…@example.jpまで`. So a local part or domain never crosses directly between a letter of such a script and a
    /// letter or digit of another one (`james.张伟` is whole: the dot separates them). Without a separator, text of
    /// the same script next to the address is taken in (`请联系张伟@…` is masked whole), which errs on the safe side.
    func emails() -> [Range<Int>] {
        var found: [Range<Int>] = []
        var searchFrom = 0
        for at in bytes.indices where bytes[at] == 0x40 && at >= searchFrom {
            // The local part never reaches back into the previous find (`a@bc.de@fg.hi`: `bc.de` is its domain).
            var start = max(localStart(before: at), searchFrom)
            while start < at, bytes[start] == 0x2E { start += 1 }
            guard start < at else { continue }
            var end = domainEnd(after: at)
            while end > at + 1, bytes[end - 1] == 0x2E || bytes[end - 1] == 0x2D { end -= 1 }
            guard isDomain(bytes[(at + 1)..<end]) else { continue }
            found.append(start..<end)
            searchFrom = end
        }
        return found
    }

    /// Where the local part ending before `at` starts (`at` when there is none); leading dots are not part of it.
    private func localStart(before at: Int) -> Int {
        var start = at
        var last: Unicode.Scalar?
        while start > 0, let (scalar, first) = scalar(endingBefore: start), Self.isLocal(scalar) {
            if !Self.continuesWord(scalar, &last) { break }
            start = first
        }
        while start < at, bytes[start] == 0x2E { start += 1 }
        return start
    }

    /// Where the domain starting after `at` ends, before trimming trailing dots and dashes.
    private func domainEnd(after at: Int) -> Int {
        var end = at + 1
        var last: Unicode.Scalar?
        while end < bytes.count, let (scalar, next) = scalar(startingAt: end), Self.isDomainScalar(scalar) {
            if !Self.continuesWord(scalar, &last) { break }
            end = next
        }
        return end
    }

    private func isDomain(_ domain: ArraySlice<UInt8>) -> Bool {
        let labels = domain.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard labels.count >= 2,
            labels.allSatisfy({ !$0.isEmpty && $0.first != 0x2D && $0.last != 0x2D && !$0.contains(0x5F) }),
            let top = labels.last
        else { return false }
        let topScalars = String(decoding: top, as: UTF8.self).unicodeScalars
        return topScalars.count >= 2 && topScalars.allSatisfy(Self.isLetterScalar)
    }

    // MARK: Scalars

    /// The scalar whose UTF-8 ends just before `index`, and where it starts; `nil` for a malformed sequence.
    private func scalar(endingBefore index: Int) -> (Unicode.Scalar, Int)? {
        var first = index - 1
        while first > 0, index - first < 4, bytes[first] & 0xC0 == 0x80 { first -= 1 }
        guard let (scalar, next) = scalar(startingAt: first), next == index else { return nil }
        return (scalar, first)
    }

    /// The scalar whose UTF-8 starts at `index`, and the index after it; `nil` for a malformed sequence.
    private func scalar(startingAt index: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), index + 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard length > 0, index + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (0x7F >> UInt32(length))
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, index + length)
    }

    /// Letters, digits and marks of any script, and `._%+-`.
    private static func isLocal(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return isWordScalar(scalar) }
        let byte = UInt8(scalar.value)
        return isDigit(byte) || isLetter(byte) || [0x2E, 0x5F, 0x25, 0x2B, 0x2D].contains(byte)
    }

    /// Letters, digits and marks of any script, `.`, `-` and `_` (which no label may hold: an address followed by
    /// `_` is not one).
    private static func isDomainScalar(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return isWordScalar(scalar) }
        let byte = UInt8(scalar.value)
        return isDigit(byte) || isLetter(byte) || byte == 0x2E || byte == 0x2D || byte == 0x5F
    }

    /// A letter, a decimal digit or a combining mark (a Devanagari vowel sign, a decomposed accent).
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isDigit(UInt8(scalar.value)) || isLetter(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
            .spacingMark, .decimalNumber:
            return true
        default:
            return false
        }
    }

    /// A letter of any script (no mark, no digit).
    private static func isLetterOnly(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isLetter(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// A letter or mark of any script: what a top-level domain is made of.
    private static func isLetterScalar(_ scalar: Unicode.Scalar) -> Bool {
        if isLetterOnly(scalar) { return true }
        let category = scalar.properties.generalCategory
        return category == .nonspacingMark || category == .spacingMark
    }

    /// Whether `scalar` may follow (or, walking backwards, precede) the text seen so far, whose last letter since
    /// the last punctuation is `lastLetter`: not when both are letters and just one of them is of a script written
    /// without spaces (a word boundary no space marks). Digits and marks go with either side; punctuation starts
    /// afresh. Updates `lastLetter`.
    private static func continuesWord(_ scalar: Unicode.Scalar, _ lastLetter: inout Unicode.Scalar?) -> Bool {
        guard isWordScalar(scalar) else {
            lastLetter = nil
            return true
        }
        guard isLetterOnly(scalar) else { return true }
        if let lastLetter, isUnspaced(lastLetter) != isUnspaced(scalar) { return false }
        lastLetter = scalar
        return true
    }

    /// Han, kana, Hangul, Thai, Lao, Myanmar and Khmer: scripts whose text runs on without spaces between words.
    private static func isUnspaced(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1100...0x11FF, 0x1780...0x17FF, 0x2E80...0x2FDF, 0x3005...0x3007,
            0x3040...0x30FF, 0x3130...0x318F, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF,
            0xF900...0xFAFF, 0xFF66...0xFF9F, 0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }
}
