/// `fake.ipv4`: a public-looking IPv4 unicast address, drawn from the keyed digest of the input.
///
/// Addresses are uniform over the unicast space minus the special-purpose ranges (RFC 6890): 0/8,
/// 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.0.2/24, 192.168/16, 198.18/15,
/// 198.51.100/24, 203.0.113/24 and 224/3 (multicast and reserved). So the output looks like a real
/// public host, which is what makes it realistic; it may therefore be someone's real address (an IP
/// address alone identifies no one). A `/prefix` suffix of the input is kept and the output's host bits
/// are then cleared (valid for `inet` and `cidr`). One-way, about 2^31.8 outputs. No parameters.
/// Writes text, `inet` and `cidr` columns.
public enum FakeIPv4Rule {
    public static let definition = FakeRule.definition(
        kind: "ipv4", summary: "deterministic synthetic public IPv4 unicast address", generator: IPv4Generator()
    )
    .withOutputSpace(.digits)
}

struct IPv4Generator: SyntheticGenerator {
    /// Special-purpose ranges never drawn: (network, prefix length).
    static let reserved: [(UInt32, Int)] = [
        (0x0000_0000, 8), (0x0A00_0000, 8), (0x6440_0000, 10), (0x7F00_0000, 8), (0xA9FE_0000, 16),
        (0xAC10_0000, 12), (0xC000_0000, 24), (0xC000_0200, 24), (0xC0A8_0000, 16), (0xC612_0000, 15),
        (0xC633_6400, 24), (0xCB00_7100, 24), (0xE000_0000, 3),
    ]

    var requiredLists: [[String]] { [] }
    var columnTypes: Set<String> { ["inet", "cidr"] }

    static func isReserved(_ address: UInt32) -> Bool {
        reserved.contains { network, length in address >> (32 - length) == network >> (32 - length) }
    }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        var address: UInt32
        repeat {
            address = UInt32(truncatingIfNeeded: random.next())
        } while Self.isReserved(address)
        guard let prefix = IPAddressText.validPrefix(input, maximumPrefix: 32) else {
            return IPAddressText.formatIPv4(address)
        }
        let mask: UInt32 = prefix == 0 ? 0 : UInt32.max << (32 - prefix)
        return ComposedText.compose(capacity: 19) { text in
            IPAddressText.appendIPv4(address & mask, to: &text)
            text.append(ascii: 0x2F)
            text.append(decimal: prefix)
        }
    }
}
