import Testing
import VeilCore

@testable import VeilMasking

@Suite("ip")
struct IPRuleTests {
    @Test("mixed IPv4 and IPv6 values keep their family, are one-to-one and reveal back")
    func mixedFamilies() throws {
        let v4 = NetworkSamples.ipv4s(2_000, seed: 81)
        let v6 = NetworkSamples.ipv6s(2_000, seed: 82)
        let inputs: [String] = zip(v4, v6).flatMap { [$0, $1] }
        let transformer = try #require(try Fixtures.transformer("ip", type: "inet") as? any ReversibleTransformer)
        var outputs: [Field] = inputs
        try transformer.transform(&outputs, related: [])
        let masked = try outputs.map { try #require($0) }
        #expect(Set(masked).count == inputs.count)
        for (input, output) in zip(inputs, masked) {
            #expect(input.contains(":") == output.contains(":"))
            #expect(input != output)
        }
        // Each family masks exactly as its own rule does, under the same domain keys.
        #expect(
            Array(masked.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
                == (try Fixtures.strings("ipv4", v4)))
        #expect(
            Array(masked.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
                == (try Fixtures.strings("ipv6", v6)))
        for (index, output) in masked.enumerated().prefix(400) {
            let revealed = try transformer.reveal(output)
            if index % 2 == 0 { #expect(revealed == inputs[index]) } else { #expect(revealed.contains(":")) }
        }
    }

    @Test("prefixes are kept per family; neither family names the row, not the value")
    func prefixesAndErrors() throws {
        let outputs = try Fixtures.strings(
            "ip", ["203.0.113.77", "2001:db8:1:2::99"], ["keep_prefix_v4": .integer(8), "keep_prefix_v6": .integer(32)])
        #expect(outputs[0].hasPrefix("203."))
        #expect(outputs[1].hasPrefix("2001:db8:"))
        do {
            _ = try Fixtures.apply("ip", ["10.0.0.1", "not-an-address"])
            Issue.record("accepted a value that is not an address")
        } catch let error as MaskingError {
            #expect(error.rowIndex == 1)
            #expect(!reveals(error, "not-an-address"))
        }
    }

    @Test("a /24 kept for IPv4 is reported one-way")
    func oneWayReason() {
        #expect(IPRule.definition.oneWayReason(["keep_prefix_v4": .integer(24), "keep_prefix_v6": .integer(0)]) != nil)
        #expect(IPRule.definition.oneWayReason(["keep_prefix_v4": .integer(0), "keep_prefix_v6": .integer(64)]) == nil)
    }
}
