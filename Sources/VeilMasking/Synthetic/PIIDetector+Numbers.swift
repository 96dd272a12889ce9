extension PIIText {
    /// Digit groups separated by single spaces or dashes, bounded by non-word bytes: 13 to 19 digits
    /// that pass the Luhn check. Within a longer run of groups, the longest passing window of whole groups
    /// counts (`4111 1111 1111 1111 2024`: the first four groups).
    func cards() -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = firstIndex(from: 0, where: Self.isDigit)
        while index < bytes.count {
            guard startsWord(index) else {
                index = firstIndex(from: index + 1, where: Self.isDigit)
                continue
            }
            // Most numbers in text are too short for a card: step over them without collecting their groups.
            let run = digitRun(from: index)
            guard run.digits >= 13 else {
                index = firstIndex(from: run.end, where: Self.isDigit)
                continue
            }
            let groups = digitGroups(from: index, separators: [0x20, 0x2D])
            if let window = luhnWindow(groups) {
                found.append(window)
                index = window.upperBound
            } else {
                index = groups.last!.upperBound
            }
        }
        return found
    }

    /// The first, longest window of whole groups that reads as a card: one separator throughout, and groups
    /// of 3 to 6 digits when there are several (`4111 1111 1111 1111`, `3782 822463 10005`).
    private func luhnWindow(_ groups: [Range<Int>]) -> Range<Int>? {
        for first in groups.indices {
            for last in groups.indices.reversed() where last >= first {
                let range = groups[first].lowerBound..<groups[last].upperBound
                guard last < groups.count - 1 || endsWord(range.upperBound) else { continue }
                if last > first {
                    let window = groups[first...last]
                    let separators = Set(window.dropFirst().map { bytes[$0.lowerBound - 1] })
                    guard separators.count == 1, window.allSatisfy({ (3...6).contains($0.count) }) else { continue }
                }
                let digits = bytes[range].filter(Self.isDigit).map { $0 - 0x30 }
                if (13...19).contains(digits.count), Luhn.isValid(digits) { return range }
            }
        }
        return nil
    }

    /// The digits and the end of the run of groups ``digitGroups(from:separators:)`` gives for a card (groups
    /// joined by single spaces or dashes), without collecting them.
    private func digitRun(from start: Int) -> (digits: Int, end: Int) {
        var index = start
        var digits = 0
        while true {
            while index < bytes.count, Self.isDigit(bytes[index]) {
                index += 1
                digits += 1
            }
            guard index + 1 < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x2D, Self.isDigit(bytes[index + 1])
            else { return (digits, index) }
            index += 1
        }
    }

    /// Runs of digits from `start`, each next one after exactly one separator.
    func digitGroups(from start: Int, separators: Set<UInt8>) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var index = start
        while true {
            let groupStart = index
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
            groups.append(groupStart..<index)
            guard index + 1 < bytes.count, separators.contains(bytes[index]), Self.isDigit(bytes[index + 1]) else {
                return groups
            }
            index += 1
        }
    }

    /// US social security numbers written `ddd-dd-dddd`.
    func ssns() -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while true {
            index = firstIndex(from: index, where: Self.isDigit)
            guard index + 11 <= bytes.count else { break }
            let end = index + 11
            if hasSSNLayout(at: index), startsWord(index), byte(index - 1) != 0x2D, endsWord(end) {
                found.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    /// Whether the 11 bytes at `index` read `ddd-dd-dddd`.
    private func hasSSNLayout(at index: Int) -> Bool {
        for offset in 0..<11 {
            let byte = bytes[index + offset]
            if offset == 3 || offset == 6 {
                guard byte == 0x2D else { return false }
            } else {
                guard Self.isDigit(byte) else { return false }
            }
        }
        return true
    }

    /// Phone numbers: `+` and 7 to 15 digits in any grouping (`+44 20 7946 0958`, `+1-202-555-0143`,
    /// `+33612345678`); a parenthesized area code (`(555) 123-4567`); or national layouts of three or more
    /// digit groups with one separator (`555-123-4567`, `020 7946 0958`, `06 12 34 56 78`) or `555-1234`.
    /// Dates (`2022-02-15`), dotted quads and `1.000.000`-style numbers are not phones.
    func phones() -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while true {
            // A phone starts with a digit, `+` or `(`.
            index = firstIndex(from: index) { Self.isDigit($0) || $0 == 0x2B || $0 == 0x28 }
            guard index < bytes.count else { break }
            if let range = phone(at: index) {
                found.append(range)
                index = range.upperBound
            } else {
                index += 1
            }
        }
        return found
    }

    private func phone(at start: Int) -> Range<Int>? {
        guard let first = byte(start), startsWord(start) || followsLetterBeforePhone(start, first: first) else {
            return nil
        }
        if let previous = byte(start - 1) {
            if [0x2E, 0x2D, 0x2F, 0x2B, 0x28].contains(previous) { return nil }
            // Not from the middle of a run of space-separated digit groups (`1234 5678 9012 3456`); after a
            // dashed or dotted number (`555-123-4567 555-765-4321`) a new one may start.
            if Self.isDigit(first), previous == 0x20, let before = byte(start - 2), Self.isDigit(before) {
                var groupStart = start - 2
                while let digit = byte(groupStart - 1), Self.isDigit(digit) { groupStart -= 1 }
                guard let joiner = byte(groupStart - 1), joiner == 0x2D || joiner == 0x2E else { return nil }
            }
        }
        let international = first == 0x2B
        var index = international ? start + 1 : start
        // Each group's digit count, and the separator before it (`)` after a parenthesized area code).
        var groups: [(digits: Int, end: Int, separator: UInt8?)] = []
        var separator: UInt8?
        while index < bytes.count {
            if bytes[index] == 0x28, groups.count <= (international ? 1 : 0) {
                var close = index + 1
                while close < bytes.count, Self.isDigit(bytes[close]) { close += 1 }
                guard close > index + 1, close - index - 1 <= 4, byte(close) == 0x29 else { break }
                groups.append((close - index - 1, close + 1, separator))
                separator = 0x29
                index = close + 1
                if byte(index) == 0x20, let next = byte(index + 1), Self.isDigit(next) { index += 1 }
                guard let next = byte(index), Self.isDigit(next) else { break }
                continue
            }
            guard Self.isDigit(bytes[index]) else { break }
            let groupStart = index
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
            groups.append((index - groupStart, index, separator))
            guard let next = byte(index), [0x20, 0x2D, 0x2E].contains(next), let after = byte(index + 1),
                Self.isDigit(after) || (after == 0x28 && groups.count <= (international ? 1 : 0))
            else { break }
            separator = next
            index += 1
        }
        let count = Self.phoneGroupCount(groups.map(\.separator), international: international)
        guard count > 0 else { return nil }
        let kept = groups.prefix(count).map(\.digits)
        let end = groups[count - 1].end
        let endsBeforeText = byte(end).map { $0 >= 0x80 } ?? false
        guard endsWord(end) || endsBeforeText || count < groups.count, (7...15).contains(kept.reduce(0, +)) else {
            return nil
        }
        let parenthesized = first == 0x28 || groups.prefix(count).contains { $0.separator == 0x29 }
        if international || parenthesized { return start..<end }
        let separators = Set(groups.prefix(count).dropFirst().compactMap(\.separator))
        guard separators.count == 1, let separator = separators.first else { return nil }
        if kept.count == 2 {
            return kept == [3, 4] && separator != 0x2E ? start..<end : nil
        }
        guard kept.count >= 3, kept.last! >= 2 else { return nil }
        let isDate = kept.count == 3 && (kept == [4, 2, 2] || kept == [2, 2, 4])
        let isThousands = kept[0] <= 3 && kept.dropFirst().allSatisfy { $0 == 3 } && separator != 0x2D
        let isDottedQuad = separator == 0x2E && kept.count == 4 && kept.allSatisfy { $0 <= 3 }
        return isDate || isThousands || isDottedQuad ? nil : start..<end
    }

    /// A phone may start right after a letter when nothing could make it part of a word: an international
    /// number after any letter (`Tel+44 20 7946 0958`), or any number after a non-ASCII character (scripts
    /// written without spaces: `電話090-1234-5678`, `тел.8 495...`). A digit right after an ASCII letter
    /// (`INV5551234567`) stays part of that word.
    private func followsLetterBeforePhone(_ start: Int, first: UInt8) -> Bool {
        guard let previous = byte(start - 1) else { return false }
        return previous >= 0x80 || (first == 0x2B && Self.isLetter(previous))
    }

    /// How many leading groups form one number: after the country code (international) or a parenthesized
    /// area code, every separator must be the same; at a change the number ends, and when spaces joined it
    /// and the change is a dash or dot, the last space-joined group starts the next number (`+44 20 7946
    /// 0958 555-1234`).
    static func phoneGroupCount(_ separators: [UInt8?], international: Bool) -> Int {
        guard !separators.isEmpty else { return 0 }
        var body: UInt8?
        var count = 1
        for index in 1..<separators.count {
            guard let separator = separators[index] else { break }
            if separator == 0x29 || (international && index == 1) {
                count = index + 1
                continue
            }
            if body == nil { body = separator }
            if separator != body {
                if body == 0x20, count >= 3, separators[count - 1] == 0x20 { count -= 1 }
                break
            }
            count = index + 1
        }
        return count
    }
}
