/// Parsing and writing IPv4 and IPv6 addresses, with an optional `/prefix` suffix (inet, cidr).
enum IPAddressText {
    /// The address part and the prefix length of `value` (`10.0.0.0/8` → `10.0.0.0`, 8).
    /// - Returns: `nil` when the suffix is not a decimal number up to `maximumPrefix`.
    static func splitPrefix(_ value: String, maximumPrefix: Int) -> (address: Substring, prefix: Int?)? {
        guard let slash = value.firstIndex(of: "/") else { return (value[...], nil) }
        guard let prefix = prefixLength(value.utf8[value.utf8.index(after: slash)...], maximum: maximumPrefix)
        else { return nil }
        return (value[..<slash], prefix)
    }

    /// A prefix length as written after an address's `/`: one to three ASCII digits, at most `maximum`; else nil.
    static func prefixLength(_ digits: some Collection<UInt8>, maximum: Int) -> Int? {
        guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy({ $0 &- 0x30 < 10 }) else { return nil }
        let length = digits.reduce(0) { $0 * 10 + Int($1 &- 0x30) }
        return length <= maximum ? length : nil
    }

    /// A dotted quad of decimal octets without leading zeros (`192.0.2.1`), or `nil`.
    static func parseIPv4(_ text: Substring) -> UInt32? {
        var text = text
        return text.withUTF8 { bytes in
            guard let quad = readIPv4(bytes), quad.length == bytes.count else { return nil }
            return quad.address
        }
    }

    /// The dotted quad that `bytes` starts with (four decimal octets up to 255, without leading zeros) and how many
    /// bytes it takes; nil when `bytes` does not start with one. What follows it is the caller's to check.
    static func readIPv4(_ bytes: UnsafeBufferPointer<UInt8>) -> (address: UInt32, length: Int)? {
        var address: UInt32 = 0
        var index = 0
        for part in 0..<4 {
            if part > 0 {
                guard index < bytes.count, bytes[index] == 0x2E else { return nil }
                index += 1
            }
            let start = index
            var octet: UInt32 = 0
            while index < bytes.count, bytes[index] &- 0x30 < 10, index - start < 3 {
                octet = octet * 10 + UInt32(bytes[index] &- 0x30)
                index += 1
            }
            let length = index - start
            guard length > 0, octet <= 255, length == 1 || bytes[start] != 0x30 else { return nil }
            address = address << 8 | octet
        }
        return (address, index)
    }

    static func formatIPv4(_ address: UInt32) -> String {
        ComposedText.compose(capacity: 15) { text in appendIPv4(address, to: &text) }
    }

    /// `address` as a dotted quad (at most 15 bytes).
    static func appendIPv4(_ address: UInt32, to text: inout ComposedText) {
        for shift in stride(from: 24, through: 0, by: -8) {
            text.append(decimal: Int(address >> UInt32(shift) & 0xFF))
            if shift > 0 { text.append(ascii: 0x2E) }
        }
    }

    /// Any textual IPv6 address: full, `::`-compressed, or with an IPv4 tail (`::ffff:192.0.2.1`), in
    /// any case. Zone identifiers (`%eth0`) are not accepted.
    /// - Returns: the eight 16-bit groups, or `nil`.
    static func parseIPv6(_ text: Substring) -> [UInt16]? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes.count <= 45 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var compressed = false
        var index = 0
        if bytes[0] == 0x3A {
            // A leading colon must start "::".
            guard bytes[1] == 0x3A else { return nil }
            compressed = true
            index = 2
        }
        while index < bytes.count {
            // One group: hex digits up to the next colon, or a dotted quad at the end.
            var end = index
            var value: UInt32 = 0
            var sawDot = false
            while end < bytes.count && bytes[end] != 0x3A {
                let byte = bytes[end]
                if byte == 0x2E {
                    sawDot = true
                } else if let digit = hexValue(byte) {
                    value = value << 4 | UInt32(digit)
                } else {
                    return nil
                }
                end += 1
            }
            if sawDot {
                guard end == bytes.count, let ipv4 = parseIPv4(text.utf8.dropFirst(index).string) else { return nil }
                let groups = [UInt16(ipv4 >> 16), UInt16(ipv4 & 0xFFFF)]
                if compressed { tail += groups } else { head += groups }
            } else {
                guard (1...4).contains(end - index) else { return nil }
                if compressed { tail.append(UInt16(value)) } else { head.append(UInt16(value)) }
            }
            index = end
            guard index < bytes.count else { break }
            // A colon: "::" compresses (once), a single colon separates, a trailing single colon is invalid.
            if index + 1 < bytes.count && bytes[index + 1] == 0x3A {
                guard !compressed else { return nil }
                compressed = true
                index += 2
            } else {
                guard index + 1 < bytes.count else { return nil }
                index += 1
            }
        }
        if compressed {
            guard head.count + tail.count <= 7 else { return nil }
            return head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        return head.count == 8 ? head : nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// The RFC 5952 text of an address: lower-case hex without leading zeros, the longest run of two
    /// or more zero groups (the first on a tie) written `::`, and IPv4-mapped addresses
    /// (`::ffff:0:0/96`) with a dotted-quad tail.
    static func formatIPv6(_ groups: [UInt16]) -> String {
        precondition(groups.count == 8)
        return formatIPv6(
            high: groups[0..<4].reduce(0) { $0 << 16 | UInt64($1) },
            low: groups[4...].reduce(0) { $0 << 16 | UInt64($1) })
    }

    /// The address whose groups 0-3 are the 16-bit parts of `high` and 4-7 those of `low`, most significant
    /// first, as RFC 5952 writes it: lower-case hex without leading zeros, the longest run of two or more zero
    /// groups (the first of equal runs) as `::`, and an IPv4-mapped address with a dotted-quad tail.
    static func formatIPv6(high: UInt64, low: UInt64, prefix: Int? = nil) -> String {
        func group(_ index: Int) -> UInt16 {
            UInt16(truncatingIfNeeded: (index < 4 ? high : low) >> UInt64(48 - 16 * (index & 3)))
        }
        return ComposedText.compose(capacity: 44) { text in
            if high == 0 && low >> 32 == 0xFFFF {
                for byte in "::ffff:".utf8 { text.append(ascii: byte) }
                appendIPv4(UInt32(truncatingIfNeeded: low), to: &text)
            } else {
                var best = 0..<0
                var index = 0
                while index < 8 {
                    guard group(index) == 0 else {
                        index += 1
                        continue
                    }
                    var end = index
                    while end < 8 && group(end) == 0 { end += 1 }
                    if end - index >= 2 && end - index > best.count { best = index..<end }
                    index = end
                }
                for index in 0..<8 where !best.contains(index) {
                    if index == best.upperBound && !best.isEmpty {
                        text.append(ascii: 0x3A)
                        text.append(ascii: 0x3A)
                    } else if index > 0 {
                        text.append(ascii: 0x3A)
                    }
                    text.append(hex: group(index))
                }
                if best.upperBound == 8 {
                    text.append(ascii: 0x3A)
                    text.append(ascii: 0x3A)
                }
            }
            if let prefix {
                text.append(ascii: 0x2F)
                text.append(decimal: prefix)
            }
        }
    }

    /// The prefix length of `value`, or nil when it has none or an invalid one: `splitPrefix(_:maximumPrefix:)`'s,
    /// read from the bytes of an ASCII value.
    static func validPrefix(_ value: String, maximumPrefix: Int) -> Int? {
        var value = value
        let ascii: Int?? = value.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return .none }
            guard let slash = bytes.firstIndex(of: 0x2F) else { return .some(nil) }
            let digits = bytes[(slash + 1)...]
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return .some(nil)
            }
            let prefix = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            return .some(prefix <= maximumPrefix ? prefix : nil)
        }
        return ascii ?? splitPrefix(value, maximumPrefix: maximumPrefix)?.prefix
    }
}

extension Substring.UTF8View.SubSequence {
    /// The bytes as a substring, for re-parsing a tail.
    fileprivate var string: Substring { Substring(self) }
}

/// Which declared column types the network rules can write: any text type, and the PostgreSQL
/// network types they name.
enum NetworkColumn {
    /// True when `declared` is textual or one of `types` (`inet`, `cidr`, `macaddr`...).
    static func accepts(_ declared: String, types: Set<String>) -> Bool {
        ColumnType(declared).isTextual || types.contains(baseName(declared))
    }

    /// `cidr` of `pg_catalog.cidr`; lower case, without schema or arguments.
    static func baseName(_ declared: String) -> String {
        var name = declared.lowercased().filter { $0 != "\"" && $0 != " " }
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
        if let open = name.firstIndex(of: "(") { name = String(name[..<open]) }
        return name
    }
}
