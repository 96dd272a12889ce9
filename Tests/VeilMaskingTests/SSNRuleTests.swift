import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("ssn")
struct SSNRuleTests {
    static func transformer(_ arguments: [String: ParameterValue] = [:]) throws -> SSNTransformer {
        try #require(try Fixtures.transformer("ssn", arguments) as? SSNTransformer)
    }

    static func digits(_ value: String) -> [UInt8] {
        value.utf8.filter { (0x30...0x39).contains($0) }.map { $0 - 0x30 }
    }

    static func layout(_ value: String) -> String {
        String(value.map { $0.isNumber ? "9" : $0 })
    }

    /// Valid SSNs in the three layouts.
    static func valid(count: Int, seed: UInt64) -> [String] {
        Fixtures.distinct(count, seed: seed) { random in
            let ssn = FormatSamples.ssn(&random)
            switch random.next(below: 3) {
            case 0: return ssn
            case 1: return ssn.replacingOccurrences(of: "-", with: " ")
            default: return ssn.replacingOccurrences(of: "-", with: "")
            }
        }
    }

    @Test func validRangesAreTheIssuedOnes() {
        #expect(SSNRanges.isValid(Self.digits("001-01-0001")))
        #expect(SSNRanges.isValid(Self.digits("899-99-9999")))
        #expect(SSNRanges.isValid(Self.digits("665-12-3456")))
        for invalid in ["000-12-3456", "666-12-3456", "900-12-3456", "999-99-9999", "123-00-4567", "123-45-0000"] {
            #expect(!SSNRanges.isValid(Self.digits(invalid)), "\(invalid)")
        }
        #expect(SSNRanges.validCount == 888_931_098)
    }

    @Test func validSSNsStayValidInTheirLayoutOneToOneAndReveal() throws {
        let transformer = try Self.transformer()
        let inputs = Self.valid(count: 5000, seed: 71)
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        let outputs = try column.map { try #require($0) }
        for (input, output) in zip(inputs, outputs) {
            #expect(SSNRanges.isValid(Self.digits(output)))
            #expect(Self.layout(output) == Self.layout(input))
            #expect(output != input)
            #expect(try transformer.reveal(output) == input)
        }
        #expect(Set(outputs).count == inputs.count)
        #expect(try Fixtures.strings("ssn", inputs) == outputs)
        let other = try Fixtures.strings("ssn", inputs, ring: Fixtures.otherRing)
        #expect(zip(other, outputs).filter { $0 == $1 }.count < 5)
    }

    @Test func invalidSSNsStayInvalidAndReveal() throws {
        let transformer = try Self.transformer()
        let inputs = Fixtures.distinct(2000, seed: 72) { random in
            var ssn = Array(FormatSamples.ssn(&random).utf8)
            switch random.next(below: 5) {
            case 0: ssn.replaceSubrange(0..<3, with: Array("000".utf8))
            case 1: ssn.replaceSubrange(0..<3, with: Array("666".utf8))
            case 2: ssn[0] = 0x39
            case 3: ssn.replaceSubrange(4..<6, with: Array("00".utf8))
            default: ssn.replaceSubrange(7..<11, with: Array("0000".utf8))
            }
            return String(decoding: ssn, as: UTF8.self)
        }
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        let outputs = try column.map { try #require($0) }
        for (input, output) in zip(inputs, outputs) {
            #expect(!SSNRanges.isValid(Self.digits(output)))
            #expect(Self.layout(output) == Self.layout(input))
            #expect(try transformer.reveal(output) == input)
        }
        #expect(Set(outputs).count == inputs.count)
    }

    @Test func invalidErrorRefusesOutOfRangeValues() throws {
        let outputs = try Fixtures.strings("ssn", ["123-45-6789"], ["invalid": .string("error")])
        #expect(SSNRanges.isValid(Self.digits(outputs[0])))
        do {
            _ = try Fixtures.apply("ssn", ["123-45-6789", "666-45-6789"], ["invalid": .string("error")])
            Issue.record("expected an error")
        } catch let error as MaskingError {
            #expect(error.rowIndex == 1)
            #expect(!reveals(error, "666-45-6789"))
        }
    }

    @Test(
        "values not laid out as an SSN are errors naming the row",
        arguments: ["123-45-678", "123-456-789", "12345678a", "123_45_6789", "1234-5-6789", "123 45-6789"])
    func notAnSSN(value: String) throws {
        do {
            _ = try Fixtures.apply("ssn", ["123-45-6789", value])
            Issue.record("expected an error")
        } catch let error as MaskingError {
            #expect(error.rowIndex == 1)
            #expect(!reveals(error, value))
        }
    }

    @Test func numericColumnsAreRefused() {
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("ssn", type: "integer") }
    }
}
