import VeilCore

/// `ip`: an IPv4 or IPv6 address, whichever each value is, masked as `ipv4` or `ipv6` would mask it.
///
/// For columns that hold both families, as PostgreSQL `inet` columns often do: each value is parsed as IPv4
/// first, then IPv6, and handed to that family's transformer (FF1 over the free bits after the kept prefix;
/// see ``IPv4Rule`` and ``IPv6Rule``). An IPv4 value stays IPv4 and an IPv6 value stays IPv6 (written in
/// RFC 5952 form), so the mapping is one-to-one within each family and ``IPTransformer/reveal(_:)`` picks the
/// family from the token. A value that is neither is an error naming the row.
///
/// Parameters:
/// - `keep_prefix_v4` (default 0): leading bits of IPv4 addresses kept (24 keeps a /24: one-way, see `ipv4`).
/// - `keep_prefix_v6` (default 0): leading bits of IPv6 addresses kept (64 keeps the network half).
public enum IPRule {
    public static let definition = RuleDefinition(
        name: "ip",
        summary: "IPv4 or IPv6 address, each masked as ipv4 or ipv6 does (mixed inet columns); reversible",
        parameters: [
            ParameterDefinition(
                name: "keep_prefix_v4", kind: .integer(0...32), defaultValue: .integer(0),
                summary: "leading IPv4 bits kept (above 12 one-way)"),
            ParameterDefinition(
                name: "keep_prefix_v6", kind: .integer(0...128), defaultValue: .integer(0),
                summary: "leading IPv6 bits kept (above 108 one-way)"),
        ],
        isKeyed: true, isReversible: true, isBijective: true,
        oneWayReason: { arguments in
            let v4 = IPv4Rule.definition.oneWayReason(["keep_prefix": arguments["keep_prefix_v4"] ?? .integer(0)])
            let v6 = IPv6Rule.definition.oneWayReason(["keep_prefix": arguments["keep_prefix_v6"] ?? .integer(0)])
            return [v4.map { "IPv4: " + $0 }, v6.map { "IPv6: " + $0 }].compactMap { $0 }.first
        },
        make: { context throws(RuleConfigurationError) in try IPTransformer(context) }
    )
    .withOutputSpace(.shapes([.mixed, .digits, .words]))
}

/// The `ip` rule: one transformer per family, each value routed by its form. See ``IPRule``.
struct IPTransformer: ReversibleTransformer {
    let v4: IPAddressTransformer<IPv4Family>
    let v6: IPAddressTransformer<IPv6Family>

    init(_ context: RuleContext) throws(RuleConfigurationError) {
        func familyContext(_ keepPrefix: String) -> RuleContext {
            RuleContext(
                arguments: ["keep_prefix": context.arguments[keepPrefix] ?? .integer(0)], domain: context.domain,
                keys: context.keys, column: context.column, tokens: context.tokens)
        }
        v4 = try IPAddressTransformer<IPv4Family>(familyContext("keep_prefix_v4"))
        v6 = try IPAddressTransformer<IPv6Family>(familyContext("keep_prefix_v6"))
    }

    func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        var v4Values: [Field] = []
        var v6Values: [Field] = []
        var v4Rows: [Int] = []
        var v6Rows: [Int] = []
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            if Self.isIPv4(value) {
                v4Values.append(value)
                v4Rows.append(row)
            } else {
                v6Values.append(value)
                v6Rows.append(row)
            }
        }
        do {
            try v4.transform(&v4Values, related: [])
        } catch {
            throw MaskingError(rowIndex: v4Rows[error.rowIndex], reason: error.reason)
        }
        do {
            try v6.transform(&v6Values, related: [])
        } catch {
            throw MaskingError(rowIndex: v6Rows[error.rowIndex], reason: "not an IPv4 or IPv6 address")
        }
        for (index, row) in v4Rows.enumerated() { values[row] = v4Values[index] }
        for (index, row) in v6Rows.enumerated() { values[row] = v6Values[index] }
    }

    func reveal(_ token: String) throws(ValueError) -> String {
        Self.isIPv4(token) ? try v4.reveal(token) : try v6.reveal(token)
    }

    /// IPv4 text (optionally with `/n`): no colon. Everything else goes to the IPv6 parser, which refuses
    /// what is neither.
    static func isIPv4(_ value: String) -> Bool {
        !value.utf8.contains(UInt8(ascii: ":"))
    }
}
