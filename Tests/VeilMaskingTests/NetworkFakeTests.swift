import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("fake network values")
struct NetworkFakeTests {
    static func inputs(_ count: Int) -> [String] {
        Fixtures.distinct(count, seed: 111) { random in "host-\(random.next(below: 1_000_000_000))" }
    }

    @Test func fakeIPv4IsPublicUnicastAndDistinct() throws {
        let outputs = try Fixtures.strings("fake.ipv4", Self.inputs(10_000))
        #expect(Set(outputs).count >= 9_990)
        for output in outputs {
            let address = try #require(IPAddressText.parseIPv4(output[...]))
            #expect(!IPv4Generator.isReserved(address))
            let first = address >> 24
            #expect(first != 0 && first != 10 && first != 127 && first < 224)
        }
        #expect(IPv4Generator.isReserved(0xC0A8_0101))  // 192.168.1.1
        #expect(IPv4Generator.isReserved(0xAC1F_FFFF))  // 172.31.255.255
        #expect(!IPv4Generator.isReserved(0xAC20_0000))  // 172.32.0.0
        let cidr = try Fixtures.strings("fake.ipv4", ["10.1.0.0/16"], type: "cidr")[0]
        #expect(cidr.hasSuffix(".0.0/16"))
    }

    @Test func fakeIPv6IsInTheDocumentationPrefixAndDistinct() throws {
        let outputs = try Fixtures.strings("fake.ipv6", Self.inputs(10_000), type: "inet")
        #expect(Set(outputs).count == outputs.count)
        for output in outputs {
            let groups = try #require(IPAddressText.parseIPv6(output[...]))
            #expect(groups[0] == 0x2001 && groups[1] == 0x0DB8)
            #expect(IPAddressText.formatIPv6(groups) == output)
        }
        #expect(try Fixtures.strings("fake.ipv6", ["2001:db8:1::/48"])[0].hasSuffix("::/48"))
    }

    @Test func fakeMACIsLocallyAdministeredUnicastInTheInputsNotation() throws {
        let outputs = try Fixtures.strings("fake.mac", Self.inputs(10_000), type: "macaddr")
        #expect(Set(outputs).count == outputs.count)
        for output in outputs {
            let bytes = output.split(separator: ":")
            #expect(bytes.count == 6 && bytes.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) })
            let first = try #require(UInt8(bytes[0], radix: 16))
            #expect(first & 0x02 == 0x02 && first & 0x01 == 0)
            #expect(output == output.lowercased())
        }
        let notations = ["00-1A-2B-3C-4D-5E", "001a.2b3c.4d5e", "001a2b3c4d5e", "00:1a:2b:3c:4d:5e:6f:70"]
        for (input, output) in zip(notations, try Fixtures.strings("fake.mac", notations)) {
            #expect(output.map { $0.isHexDigit ? "h" : String($0) } == input.map { $0.isHexDigit ? "h" : String($0) })
            #expect((output == output.uppercased()) == (input == input.uppercased()))
        }
    }

    @Test func networkColumnTypesAreAcceptedAndOthersRefused() throws {
        for (rule, type) in [
            ("fake.ipv4", "inet"), ("fake.ipv6", "cidr"), ("fake.mac", "macaddr8"), ("fake.mac", "text"),
        ] {
            _ = try Fixtures.transformer(rule, type: type)
        }
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("fake.mac", type: "inet") }
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("fake.email", type: "inet") }
    }
}
