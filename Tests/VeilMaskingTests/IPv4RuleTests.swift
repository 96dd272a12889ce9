import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("ipv4")
struct IPv4RuleTests {
    static func transformer(
        _ arguments: [String: ParameterValue] = [:], type: String = "text", ring: MaskingKeyRing = Fixtures.ring
    ) throws -> any ReversibleTransformer {
        try #require(try Fixtures.transformer("ipv4", arguments, ring: ring, type: type) as? any ReversibleTransformer)
    }

    static func mask(_ transformer: any Transformer, _ inputs: [String]) throws -> [String] {
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        return try column.map { try #require($0) }
    }

    static func address(_ value: String) throws -> UInt32 {
        let text = try #require(IPAddressText.splitPrefix(value, maximumPrefix: 32)).address
        return try #require(IPAddressText.parseIPv4(text))
    }

    static func addresses(_ count: Int, seed: UInt64) -> [String] {
        Fixtures.distinct(count, seed: seed) { random in
            IPAddressText.formatIPv4(UInt32(truncatingIfNeeded: random.next()))
        }
    }

    @Test("prefix bits kept, reversible and one-to-one", arguments: [0, 8, 12])
    func reversible(keepPrefix: Int) throws {
        let transformer = try Self.transformer(["keep_prefix": .integer(keepPrefix)])
        let inputs = NetworkSamples.ipv4s(5000, seed: 91 + UInt64(keepPrefix))
        let outputs = try Self.mask(transformer, inputs)
        #expect(Set(outputs).count == inputs.count)
        let mask: UInt32 = keepPrefix == 0 ? 0 : UInt32.max << (32 - keepPrefix)
        for (input, output) in zip(inputs, outputs) {
            #expect(try Self.address(output) & mask == Self.address(input) & mask)
            // A CIDR suffix is copied.
            #expect(input.split(separator: "/").dropFirst().first == output.split(separator: "/").dropFirst().first)
            #expect(output != input)
            #expect(try transformer.reveal(output) == input)
        }
        let definition = try #require(BuiltinRules.named("ipv4"))
        #expect(definition.isBijective(["keep_prefix": .integer(keepPrefix)]))
    }

    @Test func networkAndBroadcastAddressesStayAndAreNeverProduced() throws {
        let transformer = try Self.transformer(["keep_prefix": .integer(8)])
        let inputs = Self.addresses(3000, seed: 95)
        for output in try Self.mask(transformer, inputs) {
            let host = try Self.address(output) & 0x00FF_FFFF
            #expect(host != 0 && host != 0x00FF_FFFF)
        }
        #expect(try Self.mask(transformer, ["10.0.0.0", "10.255.255.255"]) == ["10.0.0.0", "10.255.255.255"])
    }

    @Test func smallHostPartsAreMappedOneWay() throws {
        let transformer = try Self.transformer(["keep_prefix": .integer(24)])
        let inputs = (1...254).map { "192.168.7.\($0)" }
        let outputs = try Self.mask(transformer, inputs)
        for (input, output) in zip(inputs, outputs) {
            #expect(output.hasPrefix("192.168.7."))
            #expect(!output.hasSuffix(".0") && !output.hasSuffix(".255"))
            #expect(output != input)
            #expect(throws: ValueError.self) { try transformer.reveal(output) }
        }
        let definition = try #require(BuiltinRules.named("ipv4"))
        #expect(definition.oneWayReason(["keep_prefix": .integer(24)]) != nil)
        #expect(definition.oneWayReason(["keep_prefix": .integer(12)]) == nil)
    }

    @Test func cidrColumnsKeepHostBitsZero() throws {
        let transformer = try Self.transformer(type: "cidr")
        let inputs = Fixtures.distinct(1000, seed: 96) { random in
            let address = UInt32(truncatingIfNeeded: random.next()) & 0xFFFF_FF00
            return IPAddressText.formatIPv4(address) + "/24"
        }
        let outputs = try Self.mask(transformer, inputs)
        #expect(Set(outputs).count == inputs.count)
        for (input, output) in zip(inputs, outputs) {
            #expect(output.hasSuffix(".0/24"))
            #expect(try transformer.reveal(output) == input)
        }
        _ = try Self.transformer(type: "inet")
        #expect(throws: RuleConfigurationError.self) { try Self.transformer(type: "integer") }
    }

    @Test func keySeparationAndDeterminism() throws {
        let inputs = Self.addresses(1000, seed: 97)
        let first = try Self.mask(try Self.transformer(), inputs)
        #expect(try Self.mask(try Self.transformer(), inputs) == first)
        let other = try Self.mask(try Self.transformer(ring: Fixtures.otherRing), inputs)
        #expect(zip(first, other).allSatisfy { $0 != $1 })
    }

    @Test(
        "malformed values are refused by row",
        arguments: ["1.2.3", "1.2.3.256", "01.2.3.4", "1.2.3.4/33", "::1", "a.b.c.d"])
    func malformed(value: String) throws {
        var column: [Field] = ["1.2.3.4", value]
        let error = try #require(throws: MaskingError.self) { try Self.transformer().transform(&column, related: []) }
        #expect(error.rowIndex == 1)
        #expect(!reveals(error, value))
    }
}
