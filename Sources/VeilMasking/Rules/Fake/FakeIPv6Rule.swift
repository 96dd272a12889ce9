/// `fake.ipv6`: an address in the IPv6 documentation prefix `2001:db8::/32` (RFC 3849).
///
/// The 96 bits after the prefix are drawn from the keyed digest of the input, so outputs never reach a
/// real network and collide with negligible probability (2^96 outputs). Written in RFC 5952 form. A
/// `/prefix` suffix of the input is kept and the output's bits after it cleared (valid for `inet` and
/// `cidr`; a prefix shorter than 32 also clears part of `2001:db8`). One-way. No parameters. Writes
/// text, `inet` and `cidr` columns.
public enum FakeIPv6Rule {
    public static let definition = FakeRule.definition(
        kind: "ipv6", summary: "deterministic synthetic IPv6 address in the documentation prefix 2001:db8::/32",
        generator: IPv6Generator(), outputBits: 96
    )
    .withOutputSpace(.shapes([.mixed, .digits, .words]))
}

struct IPv6Generator: SyntheticGenerator {
    var requiredLists: [[String]] { [] }
    var columnTypes: Set<String> { ["inet", "cidr"] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        // 2001:db8 and six random groups, the low 16 bits of each draw.
        var high: UInt64 = 0x2001_0DB8 << 32
        var low: UInt64 = 0
        for index in 0..<6 {
            let group = random.next() & 0xFFFF
            if index < 2 {
                high |= group << UInt64(16 - 16 * index)
            } else {
                low |= group << UInt64(48 - 16 * (index - 2))
            }
        }
        guard let prefix = IPAddressText.validPrefix(input, maximumPrefix: 128) else {
            return IPAddressText.formatIPv6(high: high, low: low)
        }
        // Bits from the prefix on are zero.
        if prefix < 64 {
            high &= prefix == 0 ? 0 : UInt64.max << UInt64(64 - prefix)
            low = 0
        } else if prefix < 128 {
            low &= prefix == 64 ? 0 : UInt64.max << UInt64(128 - prefix)
        }
        return IPAddressText.formatIPv6(high: high, low: low, prefix: prefix)
    }
}
