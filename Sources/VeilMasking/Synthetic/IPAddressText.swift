/// Parsing and writing IPv4 and IPv6 addresses, with an optional `/prefix` suffix (inet, cidr).
enum IPAddressText {
    /// The address part and the prefix length of `value` (`10.0.0.0/8` → `10.0.0.0`, 8).
    /// - Returns: `nil` when the suffix is not a decimal number up to `maximumPrefix`.
    static func splitPrefix(_ value: String, maximumPrefix: Int) -> (address: Substring, prefix: Int?)? {
        guard let slash = value.firstIndex(of: "/") else { return (value[...], nil) }
        let suffix = value[value.index(after: slash)...]
        guard !suffix.isEmpty, suffix.count <= 3, suffix.allSatisfy({ $0.isASCII && $0.isNumber }),
            let prefix = Int(suffix), prefix <= maximumPrefix
        else { return nil }
        return (value[..<slash], prefix)
    }

    /// A dotted quad of decimal octets without leading zeros (`192.0.2.1`), or `nil`.
    static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var address: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                part.count == 1 || part.first != "0", let octet = UInt32(part), octet <= 255
            else { return nil }
            address = address << 8 | octet
        }
        return address
    }

    static func formatIPv4(_ address: UInt32) -> String {
        "\(address >> 24).\(address >> 16 & 0xFF).\(address >> 8 & 0xFF).\(address & 0xFF)"
    }

    /// Any textual IPv6 address: full, `::`-compressed, or with an IPv4 tail (`::ffff:192.0.2.1`), in
    /// any case. Zone identifiers (`%eth0`) are not accepted.
    /// - Returns: the eight 16-bit groups, or `nil`.
    static func parseIPv6(_ text: Substring) -> [UInt16]? {
        guard !text.isEmpty, !text.contains("%") else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        guard let head = groups(Substring(halves[0]), allowIPv4: halves.count == 1) else { return nil }
        if halves.count == 1 {
            return head.count == 8 ? head : nil
        }
        guard let tail = groups(Substring(halves[1]), allowIPv4: true), head.count + tail.count <= 7 else {
            return nil
        }
        return head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    /// Colon-separated hex groups (the last may be a dotted quad, giving two groups); `[]` for empty text.
    private static func groups(_ text: Substring, allowIPv4: Bool) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var result: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if allowIPv4 && index == parts.count - 1 && part.contains(".") {
                guard let ipv4 = parseIPv4(part) else { return nil }
                result += [UInt16(ipv4 >> 16), UInt16(ipv4 & 0xFFFF)]
            } else {
                guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit), let group = UInt16(part, radix: 16)
                else { return nil }
                result.append(group)
            }
        }
        return result
    }

    /// The RFC 5952 text of an address: lower-case hex without leading zeros, the longest run of two
    /// or more zero groups (the first on a tie) written `::`, and IPv4-mapped addresses
    /// (`::ffff:0:0/96`) with a dotted-quad tail.
    static func formatIPv6(_ groups: [UInt16]) -> String {
        precondition(groups.count == 8)
        if groups[0..<5].allSatisfy({ $0 == 0 }) && groups[5] == 0xFFFF {
            return "::ffff:" + formatIPv4(UInt32(groups[6]) << 16 | UInt32(groups[7]))
        }
        var best: Range<Int>?
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index >= 2 && end - index > (best?.count ?? 0) { best = index..<end }
            index = end
        }
        func hex(_ slice: ArraySlice<UInt16>) -> String {
            slice.map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard let best else { return hex(groups[...]) }
        return hex(groups[..<best.lowerBound]) + "::" + hex(groups[best.upperBound...])
    }
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
