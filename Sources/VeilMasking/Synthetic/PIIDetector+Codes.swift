extension PIIText {
    /// IBANs: two capital letters, two check digits and 11 to 30 capitals or digits, optionally in
    /// space-separated groups (`DE89 3704 0044 0532 0130 00`), whose ISO 13616 mod-97 check holds.
    func ibans() -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while true {
            index = firstIndex(from: index, where: Self.isUpper)
            guard index + 4 <= bytes.count else { break }
            guard Self.isUpper(bytes[index + 1]), Self.isDigit(bytes[index + 2]),
                Self.isDigit(bytes[index + 3]), startsWord(index)
            else {
                index += 1
                continue
            }
            if let end = ibanEnd(from: index) {
                found.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    private func ibanEnd(from start: Int) -> Int? {
        // Positions of the IBAN's characters, skipping single spaces between groups.
        // Spaces may only follow a full group of four (`DE89 3704 0044 0532 0130 00`).
        var positions: [Int] = []
        var groupLength = 0
        var index = start
        while index < bytes.count, positions.count < 34 {
            let byte = bytes[index]
            if Self.isUpper(byte) || Self.isDigit(byte) {
                positions.append(index)
                groupLength += 1
                index += 1
            } else if byte == 0x20, groupLength == 4, let next = self.byte(index + 1),
                Self.isUpper(next) || Self.isDigit(next)
            {
                groupLength = 0
                index += 1
            } else {
                break
            }
        }
        guard positions.count >= 15 else { return nil }
        for count in stride(from: positions.count, through: 15, by: -1) {
            let end = positions[count - 1] + 1
            guard endsWord(end) else { continue }
            if IBANChecksum.isValid(positions.prefix(count).map { bytes[$0] }) { return end }
        }
        return nil
    }

    /// Dotted-quad IPv4 addresses, each part 0 to 255.
    func ipv4Addresses() -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while true {
            index = firstIndex(from: index, where: Self.isDigit)
            guard index < bytes.count else { break }
            guard startsWord(index), byte(index - 1) != 0x2E else {
                index += 1
                continue
            }
            var cursor = index
            var parts = 0
            while parts < 4 {
                let partStart = cursor
                var value = 0
                while cursor < bytes.count, Self.isDigit(bytes[cursor]), cursor - partStart < 3 {
                    value = value * 10 + Int(bytes[cursor] - 0x30)
                    cursor += 1
                }
                guard cursor > partStart, value <= 255, byte(cursor).map(Self.isDigit) != true else { break }
                parts += 1
                if parts < 4 {
                    guard byte(cursor) == 0x2E, let next = byte(cursor + 1), Self.isDigit(next) else { break }
                    cursor += 1
                }
            }
            if parts == 4, endsWord(cursor) {
                found.append(index..<cursor)
                index = cursor
            } else {
                index += 1
            }
        }
        return found
    }

    /// IPv6 addresses: eight groups of 1 to 4 hex digits, or fewer with one `::`, optionally ending in a
    /// dotted quad (`::ffff:192.0.2.1`).
    func ipv6Addresses() -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while true {
            index = firstIndex(from: index) { Self.isHex($0) || $0 == 0x3A }
            guard index < bytes.count else { break }
            let startsHere =
                startsWord(index)
                && byte(index - 1) != 0x3A && byte(index - 1) != 0x2E
            guard startsHere else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, Self.isHex(bytes[end]) || bytes[end] == 0x3A || bytes[end] == 0x2E { end += 1 }
            while end > index, bytes[end - 1] == 0x2E { end -= 1 }
            if end > index + 1, bytes[end - 1] == 0x3A, bytes[end - 2] != 0x3A { end -= 1 }
            if endsWord(end), Self.isIPv6(Array(bytes[index..<end])) {
                found.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    static func isIPv6(_ text: [UInt8]) -> Bool {
        guard text.contains(0x3A) else { return false }
        var body = text
        var hasIPv4 = false
        if let lastColon = text.lastIndex(of: 0x3A), text[(lastColon + 1)...].contains(0x2E) {
            let tail = Array(text[(lastColon + 1)...])
            guard PIIText(bytes: tail).ipv4Addresses() == [0..<tail.count] else { return false }
            body = Array(text[...lastColon]) + [0x30]
            hasIPv4 = true
        }
        var halves: [ArraySlice<UInt8>] = []
        var partStart = 0
        var cursor = 0
        while cursor < body.count {
            if body[cursor] == 0x3A, cursor + 1 < body.count, body[cursor + 1] == 0x3A {
                halves.append(body[partStart..<cursor])
                cursor += 2
                partStart = cursor
            } else {
                cursor += 1
            }
        }
        halves.append(body[partStart...])
        guard halves.count <= 2 else { return false }
        func groups(_ part: ArraySlice<UInt8>) -> [ArraySlice<UInt8>]? {
            if part.isEmpty { return [] }
            let groups = part.split(separator: 0x3A, omittingEmptySubsequences: false)
            guard groups.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(isHex) }) else { return nil }
            return groups
        }
        guard let left = groups(halves[0]) else { return false }
        let right = halves.count == 2 ? groups(halves[1]) : []
        guard let right else { return false }
        let count = left.count + right.count + (hasIPv4 ? 1 : 0)
        return halves.count == 2 ? count <= 7 && count >= 1 : count == 8
    }
}
