import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("ipv6")
struct IPv6RuleTests {
    static func transformer(
        _ arguments: [String: ParameterValue] = [:], type: String = "text", ring: MaskingKeyRing = Fixtures.ring
    ) throws -> any ReversibleTransformer {
        try #require(try Fixtures.transformer("ipv6", arguments, ring: ring, type: type) as? any ReversibleTransformer)
    }

    static func mask(_ transformer: any Transformer, _ inputs: [String]) throws -> [String] {
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        return try column.map { try #require($0) }
    }

    static func parse(_ value: String) throws -> [UInt16] {
        let text = try #require(IPAddressText.splitPrefix(value, maximumPrefix: 128)).address
        return try #require(IPAddressText.parseIPv6(text))
    }

    static func canonical(_ value: String) throws -> String {
        let suffix = value.firstIndex(of: "/").map { String(value[$0...]) } ?? ""
        return IPAddressText.formatIPv6(try parse(value)) + suffix
    }

    @Test(
        "RFC 5952 text form",
        arguments: [
            ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"), ("::", "::"), ("::1", "::1"),
            ("1::", "1::"), ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
            ("2001:db8::1:0:0:1", "2001:db8::1:0:0:1"),
            ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"), ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
            ("::FFFF:c000:0201", "::ffff:192.0.2.1"), ("fe80:0:0:0:0:0:0:0", "fe80::"),
        ])
    func canonicalForm(input: String, expected: String) throws {
        #expect(try Self.canonical(input) == expected)
    }

    @Test(
        "refuses what is not an IPv6 address",
        arguments: ["1:2:3:4:5:6:7", "1::2::3", "12345::", "fe80::1%eth0", "1.2.3.4", "g::1", "::/129"])
    func malformed(value: String) throws {
        var column: [Field] = ["::1", value]
        let error = try #require(throws: MaskingError.self) { try Self.transformer().transform(&column, related: []) }
        #expect(error.rowIndex == 1)
    }

    @Test("prefix bits kept, canonical output, reveals the canonical input, one-to-one", arguments: [0, 48, 64, 100])
    func reversible(keepPrefix: Int) throws {
        let transformer = try Self.transformer(["keep_prefix": .integer(keepPrefix)])
        let inputs = NetworkSamples.ipv6s(3000, seed: 101 + UInt64(keepPrefix))
        let outputs = try Self.mask(transformer, inputs)
        #expect(Set(outputs).count == inputs.count)
        for (input, output) in zip(inputs, outputs) {
            let (a, b) = (AddressBits.bits(of: try Self.parse(input)), AddressBits.bits(of: try Self.parse(output)))
            #expect(a.prefix(keepPrefix) == b.prefix(keepPrefix))
            #expect(a != b)
            #expect(try Self.canonical(output) == output)
            #expect(try transformer.reveal(output) == Self.canonical(input))
        }
    }

    @Test func oneWayWhenFewFreeBits() throws {
        let transformer = try Self.transformer(["keep_prefix": .integer(120)])
        let outputs = try Self.mask(transformer, ["2001:db8::1234", "2001:db8::12ff"])
        #expect(outputs[0].hasPrefix("2001:db8::12"))
        #expect(outputs[0] != "2001:db8::1234")
        #expect(throws: ValueError.self) { try transformer.reveal(outputs[0]) }
        let definition = try #require(BuiltinRules.named("ipv6"))
        #expect(definition.oneWayReason(["keep_prefix": .integer(120)]) != nil)
        #expect(definition.oneWayReason(["keep_prefix": .integer(64)]) == nil)
    }

    @Test func keySeparationDeterminismAndColumnTypes() throws {
        let inputs = NetworkSamples.ipv6s(1000, seed: 105)
        let first = try Self.mask(try Self.transformer(), inputs)
        #expect(try Self.mask(try Self.transformer(type: "inet"), inputs) == first)
        let other = try Self.mask(try Self.transformer(ring: Fixtures.otherRing), inputs)
        #expect(zip(first, other).allSatisfy { $0 != $1 })
        let cidr = try Self.mask(try Self.transformer(type: "pg_catalog.cidr"), ["2001:db8:1234::/48"])[0]
        #expect(cidr.hasSuffix("::/48"))
        #expect(throws: RuleConfigurationError.self) { try Self.transformer(type: "bigint") }
    }
}
