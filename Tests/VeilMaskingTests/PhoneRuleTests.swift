import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("phone")
struct PhoneRuleTests {
    static func transformer(
        _ arguments: [String: ParameterValue] = [:], ring: MaskingKeyRing = Fixtures.ring
    ) throws -> PhoneTransformer {
        try #require(try Fixtures.transformer("phone", arguments, ring: ring) as? PhoneTransformer)
    }

    static func mask(_ transformer: PhoneTransformer, _ inputs: [String]) throws -> [String] {
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        return try column.map { try #require($0) }
    }

    static func layout(_ value: String) -> [String] {
        value.map { $0.isNumber ? "0" : String($0) }
    }

    static func digits(_ value: String) -> String { value.filter(\.isNumber) }

    @Test("layout, country code and trunk 0 kept; reversible and one-to-one", arguments: [0, 2, 4])
    func properties(keepPrefix: Int) throws {
        let transformer = try Self.transformer(["keep_prefix": .integer(keepPrefix)])
        let inputs = NetworkSamples.phones(4000, seed: 81 + UInt64(keepPrefix))
        let outputs = try Self.mask(transformer, inputs)
        var oneWay = 0
        if keepPrefix < 4 { #expect(Set(outputs).count == inputs.count) }
        for (input, output) in zip(inputs, outputs) {
            #expect(Self.layout(output) == Self.layout(input))
            let kept = try PhoneNumber(input, keepPrefix: keepPrefix).keptCount
            #expect(Self.digits(output).prefix(kept) == Self.digits(input).prefix(kept))
            #expect(output != input)
            if try PhoneNumber(input, keepPrefix: keepPrefix).freeDigits.count < PhoneTransformer.minimumFree {
                // Too few free digits: mapped one-way (here with keep_prefix 4 on +353 and +33 numbers).
                #expect(throws: ValueError.self) { try transformer.reveal(output) }
                oneWay += 1
            } else {
                #expect(try transformer.reveal(output) == input, "\(input)")
            }
        }
        #expect(keepPrefix == 4 ? oneWay > 0 : oneWay == 0)
    }

    @Test(
        "kept digits by layout",
        arguments: [
            ("+14155550123", 1), ("+7 495 123 45 67", 1), ("+44 20 7946 0018", 2), ("+353 1 234 5678", 3),
            ("+33 6 12 34 56 78", 2), ("+852 2123 4567", 3), ("020 7946 0018", 1), ("(415) 555-0123", 0),
            ("415.555.0123", 0), ("0044 20 7946 0018", 4),
        ])
    func keptDigits(value: String, kept: Int) throws {
        #expect(try PhoneNumber(value, keepPrefix: 0).keptCount == kept)
        #expect(try PhoneNumber(value, keepPrefix: 3).keptCount == kept + 3)
        let output = try Self.mask(try Self.transformer(), [value])[0]
        #expect(Self.digits(output).prefix(kept) == Self.digits(value).prefix(kept))
        #expect(Self.layout(output) == Self.layout(value))
    }

    @Test func keySeparationAndDeterminism() throws {
        let inputs = NetworkSamples.phones(1000, seed: 85)
        let first = try Self.mask(try Self.transformer(), inputs)
        #expect(try Self.mask(try Self.transformer(), inputs) == first)
        let other = try Self.mask(try Self.transformer(ring: Fixtures.otherRing), inputs)
        #expect(zip(first, other).filter { $0 == $1 }.count <= 2)
    }

    @Test func shortNumbersAreMappedOneWay() throws {
        // keep_prefix 6 leaves four free digits in a ten-digit number.
        let transformer = try Self.transformer(["keep_prefix": .integer(6)])
        let inputs = Fixtures.distinct(300, seed: 86) { random in "(415) 555-\(Fixtures.digits(4, &random))" }
        let outputs = try Self.mask(transformer, inputs)
        for (input, output) in zip(inputs, outputs) {
            #expect(output.hasPrefix("(415) 555-"))
            #expect(output != input)
            #expect(throws: ValueError.self) { try transformer.reveal(output) }
        }
        let definition = try #require(BuiltinRules.named("phone"))
        #expect(definition.oneWayReason(["keep_prefix": .integer(6)]) != nil)
        #expect(definition.isBijective(["keep_prefix": .integer(3)]))
    }

    @Test func valuesWithoutDigitsAreRefusedByRow() throws {
        var column: [Field] = ["+1 415 555 0123", "call me"]
        let error = try #require(throws: MaskingError.self) {
            try Self.transformer().transform(&column, related: [])
        }
        #expect(error.rowIndex == 1)
        #expect(!reveals(error, "call me"))
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("phone", type: "bigint") }
    }

    @Test func nationalNumbersNeverGainATrunkPrefix() throws {
        let transformer = try Self.transformer()
        // Numbers whose first free digit is the first digit (no trunk 0) or follows the trunk 0.
        let inputs = Fixtures.distinct(3000, seed: 87) { random in
            random.chance(1, in: 2)
                ? "\(1 + random.next(below: 9))\(Fixtures.digits(9, &random))"
                : "0\(1 + random.next(below: 9))\(Fixtures.digits(9, &random))"
        }
        let outputs = try Self.mask(transformer, inputs)
        for (input, output) in zip(inputs, outputs) {
            let free = input.hasPrefix("0") ? output.dropFirst() : output[...]
            #expect(free.first != "0")
            #expect(output.hasPrefix("0") == input.hasPrefix("0"))
            #expect(try transformer.reveal(output) == input)
        }
    }
}
