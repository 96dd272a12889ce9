/// `ipv6`: an IPv6 address becomes another, its network prefix optionally kept; reversible.
///
/// Accepts any textual IPv6 address: full (`2001:0db8:0000:0000:0000:0000:0000:0001`), compressed
/// (`2001:db8::1`), upper or lower case, with an IPv4 tail (`::ffff:192.0.2.1`), and an optional
/// `/prefix` suffix, which is copied. Zone identifiers (`fe80::1%eth0`) are refused.
/// The first `keep_prefix` bits (0...128, default 0) stay as they are; the free bits after them are
/// encrypted with FF1 over radix 2 under the domain's FPE key, with the kept bits as tweak
/// (`keep_prefix: 64` keeps the subnet and changes the interface identifier). On a `cidr` column the
/// bits after a value's own prefix length stay zero.
///
/// The output is written in the canonical RFC 5952 form (lower-case hex, no leading zeros, the longest
/// run of zero groups as `::`, IPv4-mapped addresses as `::ffff:a.b.c.d`), as PostgreSQL prints `inet`.
/// So the *text* of an address may change form, and ``IPAddressTransformer/reveal(_:)`` gives back the
/// canonical form of the original (`2001:DB8:0::1` reveals as `2001:db8::1`): the address, not its
/// spelling. Distinct addresses give distinct outputs.
///
/// As with `ipv4`, the network and "all ones" addresses of the kept prefix (free bits all equal) stay as
/// they are, and fewer than 20 free bits (`keep_prefix` above 108) fall back to a keyed one-way mapping.
/// Values that are not IPv6 addresses are refused, naming the row. Writes text, `inet` and `cidr` columns.
public enum IPv6Rule {
    public static let definition = RuleDefinition(
        name: "ipv6",
        summary: "IPv6 address: FF1 over the bits after a kept prefix, written in RFC 5952 form; reversible",
        parameters: [
            ParameterDefinition(
                name: "keep_prefix", kind: .integer(0...128), defaultValue: .integer(0),
                summary: "leading bits kept (64 keeps the subnet); above 108 the rule is one-way")
        ],
        isKeyed: true, isReversible: true, isBijective: true,
        oneWayReason: { arguments in
            guard case .integer(let keep)? = arguments["keep_prefix"], keep > 128 - AddressBitsCipher.minimumFree
            else { return nil }
            return "keep_prefix \(keep) leaves \(128 - keep) free bits, fewer than 20: a keyed one-way mapping"
        },
        make: { context throws(RuleConfigurationError) in try IPAddressTransformer<IPv6Family>(context) }
    )
    .withOutputSpace(.shapes([.mixed, .digits, .words]))
}

/// IPv6 addresses for ``IPAddressTransformer``.
enum IPv6Family: IPFamily {
    static let name = "ipv6"
    static let width = 128

    static func parse(_ text: Substring) -> [UInt16]? {
        IPAddressText.parseIPv6(text).map { AddressBits.bits(of: $0) }
    }

    static func format(_ bits: [UInt16]) -> String {
        IPAddressText.formatIPv6(AddressBits.groups(of: bits))
    }
}
