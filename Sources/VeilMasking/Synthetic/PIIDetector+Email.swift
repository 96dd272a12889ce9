extension PIIText {
    /// `local@domain.tld`: the local part of letters, digits and `._%+-`, a domain of at least two
    /// labels, and a top-level label of two or more letters. Trailing dots and dashes (end of sentence)
    /// are not part of the address.
    func emails() -> [Range<Int>] {
        var found: [Range<Int>] = []
        var searchFrom = 0
        for at in bytes.indices where bytes[at] == 0x40 && at >= searchFrom {
            var start = at
            while start > 0, Self.isLocal(bytes[start - 1]) { start -= 1 }
            while start < at, bytes[start] == 0x2E { start += 1 }
            guard start < at else { continue }
            var end = at + 1
            while end < bytes.count, Self.isWord(bytes[end]) && bytes[end] < 0x80 || bytes[end] == 0x2E
                || bytes[end] == 0x2D
            {
                end += 1
            }
            while end > at + 1, bytes[end - 1] == 0x2E || bytes[end - 1] == 0x2D { end -= 1 }
            guard Self.isDomain(bytes[(at + 1)..<end]) else { continue }
            found.append(start..<end)
            searchFrom = end
        }
        return found
    }

    private static func isLocal(_ byte: UInt8) -> Bool {
        isDigit(byte) || isLetter(byte) || [0x2E, 0x5F, 0x25, 0x2B, 0x2D].contains(byte)
    }

    private static func isDomain(_ domain: ArraySlice<UInt8>) -> Bool {
        let labels = domain.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.first != 0x2D && $0.last != 0x2D }),
            let top = labels.last, top.count >= 2, top.allSatisfy(isLetter)
        else { return false }
        return labels.allSatisfy { $0.allSatisfy { isDigit($0) || isLetter($0) || $0 == 0x2D } }
    }
}
