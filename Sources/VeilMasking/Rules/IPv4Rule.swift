/// `ipv4`: an IPv4 address becomes another, its network prefix optionally kept; reversible.
///
/// Accepts a dotted quad of decimal octets without leading zeros (`192.0.2.1`), optionally with a
/// `/prefix` CIDR suffix (`10.1.2.3/8`), which is copied. The first `keep_prefix` bits (0...32, default 0)
/// stay as they are; the free bits after them are encrypted with FF1 over radix 2 under the domain's FPE
/// key, with the kept bits as tweak, so `keep_prefix: 16` keeps `10.1.x.x` inside `10.1.0.0/16`.
/// On a `cidr` column the bits after a value's own prefix length are host bits (zero) and stay zero:
/// only bits between `keep_prefix` and the value's prefix length change.
///
/// The network and broadcast addresses of the kept prefix (free bits all 0 or all 1, e.g. `x.y.z.0` and
/// `x.y.z.255` with `keep_prefix: 24`) stay as they are, and every other address maps to an address that
/// is neither (cycle walking keeps the mapping a permutation). With `keep_prefix: 0` that concerns
/// only `0.0.0.0` and `255.255.255.255`.
///
/// At least 20 free bits (2^20 >= 10^6 values, so `keep_prefix` up to 12) make the mapping one-to-one
/// and ``IPAddressTransformer/reveal(_:)`` gives the address back. With fewer free bits (say
/// `keep_prefix: 24`, 8 bits) FF1 would be guessable, so the free bits are redrawn by a keyed one-way
/// mapping instead: not reversible, and two hosts of one network may collide; `veil check` says so.
///
/// Values that are not IPv4 addresses (including IPv6 values of an `inet` column) are refused, naming
/// the row. Writes text, `inet` and `cidr` columns.
public enum IPv4Rule {
    public static let definition = RuleDefinition(
        name: "ipv4",
        summary: "IPv4 address: FF1 over the bits after a kept prefix, /prefix suffix kept; reversible",
        parameters: [
            ParameterDefinition(
                name: "keep_prefix", kind: .integer(0...32), defaultValue: .integer(0),
                summary: "leading bits kept (16 keeps a /16 network); above 12 the rule is one-way")
        ],
        isKeyed: true, isReversible: true, isBijective: true,
        oneWayReason: { arguments in
            guard case .integer(let keep)? = arguments["keep_prefix"], keep > 32 - AddressBitsCipher.minimumFree
            else { return nil }
            return "keep_prefix \(keep) leaves \(32 - keep) free bits, fewer than 20: a keyed one-way mapping"
        },
        make: { context throws(RuleConfigurationError) in try IPAddressTransformer<IPv4Family>(context) }
    )
    .withOutputSpace(.digits)
}

/// IPv4 addresses for ``IPAddressTransformer``.
enum IPv4Family: IPFamily {
    static let name = "ipv4"
    static let width = 32

    static func parse(_ text: Substring) -> [UInt16]? {
        IPAddressText.parseIPv4(text).map(AddressBits.bits(of:))
    }

    static func format(_ bits: [UInt16]) -> String {
        IPAddressText.formatIPv4(AddressBits.word(of: bits))
    }
}
