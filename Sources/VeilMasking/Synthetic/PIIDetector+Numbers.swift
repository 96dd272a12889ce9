extension PIIText {
    /// Digit groups separated by single spaces or dashes, bounded by non-word bytes: 13 to 19 digits
    /// that pass the Luhn check. Within a longer run of groups, the longest passing window of whole groups
    /// counts (`4111 1111 1111 1111 2024`: the first four groups).
    func cards() -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            guard Self.isDigit(bytes[index]), startsWord(index) else {
                index += 1
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

    private func luhnWindow(_ groups: [Range<Int>]) -> Range<Int>? {
        for first in groups.indices {
            for last in groups.indices.reversed() where last >= first {
                let range = groups[first].lowerBound..<groups[last].upperBound
                guard last < groups.count - 1 || endsWord(range.upperBound) else { continue }
                let digits = bytes[range].filter(Self.isDigit).map { $0 - 0x30 }
                if (13...19).contains(digits.count), Luhn.isValid(digits) { return range }
            }
        }
        return nil
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
        let layout: [Bool] = [true, true, true, false, true, true, false, true, true, true, true]
        while index + layout.count <= bytes.count {
            let fits = layout.enumerated().allSatisfy { offset, isDigit in
                isDigit ? Self.isDigit(bytes[index + offset]) : bytes[index + offset] == 0x2D
            }
            let end = index + layout.count
            if fits, startsWord(index), byte(index - 1) != 0x2D, endsWord(end) {
                found.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    /// Phone numbers: `+` and 7 to 15 digits in any grouping (`+44 20 7946 0958`, `+1-202-555-0143`,
    /// `+33612345678`); a parenthesized area code (`(555) 123-4567`); or national layouts of three or more
    /// digit groups with one separator (`555-123-4567`, `020 7946 0958`, `06 12 34 56 78`) or `555-1234`.
    /// Dates (`2022-02-15`), dotted quads and `1.000.000`-style numbers are not phones.
    func phones() -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
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
        guard startsWord(start), let first = byte(start) else { return nil }
        if let previous = byte(start - 1), [0x2E, 0x2D, 0x2F, 0x2B].contains(previous) { return nil }
        var index = start
        let international = first == 0x2B
        if international { index += 1 }
        var groups: [Int] = []
        var separators: Set<UInt8> = []
        var parenthesized = false
        var end = index
        while index < bytes.count {
            if bytes[index] == 0x28 {
                // `(555)` then an optional space.
                var close = index + 1
                while close < bytes.count, Self.isDigit(bytes[close]) { close += 1 }
                guard close > index + 1, byte(close) == 0x29 else { break }
                groups.append(close - index - 1)
                parenthesized = true
                index = close + 1
                end = index
                if byte(index) == 0x20, let next = byte(index + 1), Self.isDigit(next) { index += 1 }
                continue
            }
            guard Self.isDigit(bytes[index]) else { break }
            let groupStart = index
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
            groups.append(index - groupStart)
            end = index
            guard let separator = byte(index), [0x20, 0x2D, 0x2E].contains(separator),
                let next = byte(index + 1), Self.isDigit(next) || next == 0x28
            else { break }
            separators.insert(separator)
            index += 1
        }
        guard !groups.isEmpty, endsWord(end) else { return nil }
        let digits = groups.reduce(0, +)
        guard (7...15).contains(digits) else { return nil }
        if international || parenthesized {
            return (international && end == start + 1) ? nil : start..<end
        }
        guard separators.count == 1, let separator = separators.first else { return nil }
        if groups.count == 2 {
            return groups == [3, 4] && separator != 0x2E ? start..<end : nil
        }
        guard groups.count >= 3, groups.last! >= 2 else { return nil }
        let isDate = groups.count == 3 && (groups == [4, 2, 2] || groups == [2, 2, 4])
        let isThousands = groups[0] <= 3 && groups.dropFirst().allSatisfy { $0 == 3 } && separator != 0x2D
        let isDottedQuad = separator == 0x2E && groups.count == 4 && groups.allSatisfy { $0 <= 3 }
        return isDate || isThousands || isDottedQuad ? nil : start..<end
    }
}
