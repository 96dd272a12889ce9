import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("hmac")
struct HMACRuleTests {
    @Test func hexIsTheKeyedDigestPrefix() throws {
        let keys = Fixtures.ring.keys(forDomain: Fixtures.defaultDomain)
        let inputs = ["alice@example.com", "Zoë", "12345"]
        let outputs = try Fixtures.strings("hmac", inputs)
        for (input, output) in zip(inputs, outputs) {
            #expect(output == String(keys.hmac.authenticationCode(for: input).hexString.prefix(16)))
        }
    }

    @Test(
        "renders each format in its alphabet and length",
        arguments: HMACFormat.allCases, [1, 8, 16, 40, 64])
    func format(format: HMACFormat, length: Int) throws {
        let inputs = Fixtures.samples(for: "hmac", count: 300)
        let outputs = try Fixtures.strings(
            "hmac", inputs, ["format": .string(format.rawValue), "length": .integer(length)])
        let alphabet = Set(format.alphabet)
        for output in outputs {
            #expect(output.utf8.count == length)
            #expect(output.utf8.allSatisfy(alphabet.contains))
        }
        if length >= 16 {
            #expect(Set(outputs).count == outputs.count)
        }
    }

    @Test func tenThousandDistinctInputsGiveDistinctOutputs() throws {
        // 64 bits of output: a collision among 10^4 values has probability about 3e-12.
        let inputs = (0..<10_000).map { "customer-\($0)" }
        let outputs = try Fixtures.strings("hmac", inputs)
        #expect(Set(outputs).count == inputs.count)
    }

    @Test func outputIsTruncatedToTheColumn() throws {
        let outputs = try Fixtures.strings("hmac", ["a", "b"], type: "character varying(6)")
        #expect(outputs.allSatisfy { $0.count == 6 })
    }

    @Test func integerColumnsTakeShortDigitsOnly() throws {
        let outputs = try Fixtures.strings(
            "hmac", ["a", "b", "c"], ["format": .string("digits"), "length": .integer(9)], type: "integer")
        #expect(outputs.allSatisfy { Int32($0) != nil })
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("hmac", type: "integer") }
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("hmac", ["format": .string("digits"), "length": .integer(10)], type: "integer")
        }
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("hmac", type: "uuid") }
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("hmac", ["format": .string("digits")], type: "numeric(12,2)")
        }
    }

    @Test(
        "the byte path writes what the String path returns; hex is the digest's prefix on both",
        arguments: HMACFormat.allCases, [1, 15, 16, 17, 64])
    func bytePathSameAsStrings(format: HMACFormat, length: Int) throws {
        let transformer = try Fixtures.transformer(
            "hmac", ["format": .string(format.rawValue), "length": .integer(length)])
        let keys = Fixtures.ring.keys(forDomain: Fixtures.defaultDomain)
        var inputs: [Field] = Fixtures.samples(for: "hmac", count: 200)
        inputs += [nil, "", "Zoë", "欧阳", "🙂", "tab\there", String(repeating: "x", count: 300), nil, ""]
        var strings = inputs
        try transformer.transform(&strings, related: [])
        let bytes = try #require(try transformer.transformedBytes(inputs, related: []))
        #expect(bytes.count == inputs.count)
        #expect(bytes.fields == strings)
        for (row, input) in inputs.enumerated() {
            // NULL stays NULL and empty stays empty; every other value gets `length` characters.
            guard let input, !input.isEmpty else {
                #expect(bytes[row] == input)
                continue
            }
            #expect(bytes.range(row)?.count == length)
            if format == .hex {
                #expect(bytes[row] == String(keys.hmac.authenticationCode(for: input).hexString.prefix(length)))
            }
        }
    }
}
