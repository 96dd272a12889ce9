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
        var groups: [UInt16] = [0x2001, 0x0DB8]
        for _ in 0..<6 { groups.append(UInt16(truncatingIfNeeded: random.next())) }
        guard let prefix = IPAddressText.splitPrefix(input, maximumPrefix: 128)?.prefix else {
            return IPAddressText.formatIPv6(groups)
        }
        var bits = AddressBits.bits(of: groups)
        for index in prefix..<128 { bits[index] = 0 }
        return IPAddressText.formatIPv6(AddressBits.groups(of: bits)) + "/\(prefix)"
    }
}
