import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("fake formats")
struct FormatFakeTests {
    static func digits(_ value: String) -> [UInt8] {
        value.utf8.filter { (0x30...0x39).contains($0) }.map { $0 - 0x30 }
    }

    static func inputs(_ count: Int, seed: UInt64) -> [String] {
        Fixtures.distinct(count, seed: seed) { random in "customer \(random.next(below: 1_000_000_000))" }
    }

    @Test func fakeIBANsPassMod97AndKeepTheInputsCountry() throws {
        let outputs = try Fixtures.strings("fake.iban", Self.inputs(10_000, seed: 101))
        #expect(outputs.allSatisfy(IBANChecksum.isValid))
        #expect(Set(outputs).count == outputs.count)
        for output in outputs {
            let country = String(output.prefix(2))
            #expect(IBANRegistry.length(country) == output.count { $0 != " " })
        }
        #expect(Set(outputs.map { $0.prefix(2) }).count > 50)

        let ibans = Fixtures.distinct(2000, seed: 102) { FormatSamples.iban(&$0, printForm: $0.chance(1, in: 2)) }
        let masked = try Fixtures.strings("fake.iban", ibans)
        for (input, output) in zip(ibans, masked) {
            #expect(IBANChecksum.isValid(output))
            #expect(output.prefix(2) == input.prefix(2))
            #expect(output.contains(" ") == input.contains(" "))
            #expect(output.count == input.count)
        }
    }

    @Test func fakeCardsAreLuhnValidWithANetworkPrefix() throws {
        let outputs = try Fixtures.strings("fake.card", Self.inputs(10_000, seed: 103))
        #expect(Set(outputs).count == outputs.count)
        for output in outputs {
            let digits = Self.digits(output)
            #expect(digits.count == 16)
            #expect(Luhn.isValid(digits))
            let prefix = Int(output.prefix(4)) ?? 0
            let network =
                output.hasPrefix("4") || output.hasPrefix("6011") || (51...55).contains(prefix / 100)
                || (2221...2720).contains(prefix)
            #expect(network, "\(output.prefix(4))")
        }
        let amex = try Fixtures.strings("fake.card", ["3782 822463 10005", "371449635398431"])
        #expect(amex.allSatisfy { Self.digits($0).count == 15 && ($0.hasPrefix("34") || $0.hasPrefix("37")) })
        #expect(amex[0].count == 17 && Array(amex[0])[4] == " ")
        #expect(amex.allSatisfy { Luhn.isValid(Self.digits($0)) })
    }

    @Test func fakeSSNsAreInTheIssuedRanges() throws {
        let outputs = try Fixtures.strings("fake.ssn", Self.inputs(10_000, seed: 104))
        #expect(outputs.allSatisfy { SSNRanges.isValid(Self.digits($0)) && $0.count == 11 })
        #expect(Set(outputs).count > 9_990)
        let plain = try Fixtures.strings("fake.ssn", ["123456789", "123 45 6789"])
        #expect(plain[0].count == 9 && plain[1].contains(" "))
    }

    @Test func fakeUUIDsAreVersion4AndWriteUUIDColumns() throws {
        let outputs = try Fixtures.strings("fake.uuid", Self.inputs(10_000, seed: 105), type: "uuid")
        #expect(Set(outputs).count == outputs.count)
        for output in outputs {
            let nibbles = output.compactMap(\.hexDigitValue)
            #expect(output.count == 36 && nibbles.count == 32)
            #expect(nibbles[12] == 4)
            #expect((8...11).contains(nibbles[16]))
        }
        let forms = try Fixtures.strings(
            "fake.uuid", ["{123E4567-E89B-12D3-A456-426614174000}", "123e4567e89b12d3a456426614174000"])
        #expect(forms[0].hasPrefix("{") && forms[0].count == 38 && forms[0] == forms[0].uppercased())
        #expect(forms[1].count == 32 && forms[1] == forms[1].lowercased())
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("fake.uuid", type: "integer") }
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("fake.iban", type: "uuid") }
    }

    @Test(arguments: ["fake.iban", "fake.card", "fake.ssn", "fake.uuid"])
    func deterministicAndKeyed(rule: String) throws {
        let inputs = Self.inputs(500, seed: 106)
        let first = try Fixtures.strings(rule, inputs)
        #expect(try Fixtures.strings(rule, inputs) == first)
        let other = try Fixtures.strings(rule, inputs, ring: Fixtures.otherRing)
        #expect(zip(first, other).filter { $0 == $1 }.count < 5)
    }
}
