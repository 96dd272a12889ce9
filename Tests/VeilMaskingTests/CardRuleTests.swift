import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("card")
struct CardRuleTests {
    static func transformer(_ arguments: [String: ParameterValue] = [:]) throws -> CardTransformer {
        try #require(try Fixtures.transformer("card", arguments) as? CardTransformer)
    }

    static func digits(_ value: String) -> [UInt8] {
        value.utf8.filter { (0x30...0x39).contains($0) }.map { $0 - 0x30 }
    }

    /// Non-digit characters and their offsets.
    static func layout(_ value: String) -> [(Int, Character)] {
        Array(value.enumerated().filter { !$0.element.isNumber })
    }

    static let networks: [(prefix: String, length: Int)] = [
        ("4", 16), ("4", 13), ("4", 19), ("51", 16), ("2221", 16), ("34", 15), ("37", 15), ("6011", 16),
        ("36", 14), ("35", 16), ("62", 19),
    ]

    /// Random valid card numbers of every network length, some with separators.
    static func cards(count: Int, seed: UInt64) -> [String] {
        Fixtures.distinct(count, seed: seed) { random in
            let network = random.pick(networks)
            let number = Fixtures.cardNumber(length: network.length, prefix: network.prefix, &random)
            switch random.next(below: 3) {
            case 0: return number
            case 1: return groups(number, separator: " ")
            default: return groups(number, separator: "-")
            }
        }
    }

    static func groups(_ number: String, separator: String) -> String {
        var result = ""
        for (index, character) in number.enumerated() {
            if index > 0 && index % 4 == 0 { result += separator }
            result.append(character)
        }
        return result
    }

    @Test("valid numbers stay valid, keep layout and length, and reveal back", arguments: [false, true])
    func validNumbers(keepBIN: Bool) throws {
        let transformer = try Self.transformer(["keep_bin": .boolean(keepBIN)])
        let inputs = Self.cards(count: 3000, seed: keepBIN ? 11 : 12)
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        let outputs = try column.map { try #require($0) }
        for (input, output) in zip(inputs, outputs) {
            let (a, b) = (Self.digits(input), Self.digits(output))
            #expect(b.count == a.count)
            #expect(Luhn.isValid(b))
            #expect(Self.layout(input).elementsEqual(Self.layout(output), by: ==))
            #expect(output != input)
            if keepBIN { #expect(a.prefix(6) == b.prefix(6)) }
            #expect(try transformer.reveal(output) == input)
        }
        #expect(Set(outputs).count == inputs.count)
    }

    @Test(
        "known test numbers",
        arguments: [
            "4111 1111 1111 1111", "4111-1111-1111-1111", "378282246310005", "6011111111111117",
            "5555555555554444", "30569309025904", "4222222222222", "3530111333300000",
            "6200000000000005", "4000 0566 5566 5556",
        ])
    func knownNumbers(number: String) throws {
        let transformer = try Self.transformer()
        let output = try #require(try Fixtures.apply("card", [number])[0])
        #expect(Luhn.isValid(Self.digits(output)))
        #expect(output.count == number.count && Self.layout(output).elementsEqual(Self.layout(number), by: ==))
        #expect(try transformer.reveal(output) == number)
    }

    @Test func wrongCheckDigitKeepsItsErrorOffsetAndRoundTrips() throws {
        let transformer = try Self.transformer()
        var random = Fixtures.random(5)
        let inputs = (0..<2000).map { _ in
            var digits = Self.digits(Fixtures.cardNumber(length: 16, prefix: "4", &random))
            digits[15] = (digits[15] + UInt8(1 + random.next(below: 9))) % 10
            return String(digits.map { Character(String($0)) })
        }
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        for (input, output) in zip(inputs, column) {
            let masked = try #require(output)
            #expect(!Luhn.isValid(Self.digits(masked)))
            #expect(Luhn.sum(Self.digits(masked)) % 10 == Luhn.sum(Self.digits(input)) % 10)
            #expect(try transformer.reveal(masked) == input)
        }
    }

    @Test func keepLast4AdjustsAnotherDigit() throws {
        let transformer = try Self.transformer(["keep_last4": .boolean(true)])
        let inputs = Self.cards(count: 1000, seed: 13)
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        for (input, output) in zip(inputs, column) {
            let masked = try #require(output)
            #expect(Self.digits(masked).suffix(4) == Self.digits(input).suffix(4))
            #expect(Luhn.isValid(Self.digits(masked)))
            #expect(try transformer.reveal(masked) == input)
        }
    }

    @Test func keepingBINAndLast4OfSixteenDigitsFallsBackToAOneWayMapping() throws {
        let transformer = try Self.transformer(["keep_bin": .boolean(true), "keep_last4": .boolean(true)])
        var random = Fixtures.random(6)
        let sixteen = (0..<500).map { _ in Fixtures.cardNumber(length: 16, prefix: "4", &random) }
        let nineteen = (0..<500).map { _ in Fixtures.cardNumber(length: 19, prefix: "62", &random) }
        var column: [Field] = sixteen + nineteen
        try transformer.transform(&column, related: [])
        for (input, output) in zip(sixteen + nineteen, column) {
            let masked = try #require(output)
            let (a, b) = (Self.digits(input), Self.digits(masked))
            #expect(a.prefix(6) == b.prefix(6) && a.suffix(4) == b.suffix(4))
            #expect(Luhn.isValid(b) && masked != input)
            if a.count == 16 {
                #expect(throws: ValueError.self) { try transformer.reveal(masked) }
            } else {
                #expect(try transformer.reveal(masked) == input)
            }
        }
        var again: [Field] = [sixteen[0]]
        try transformer.transform(&again, related: [])
        #expect(again[0] == column[0])
    }

    @Test func sameNumberWithDifferentSeparatorsGetsTheSameDigits() throws {
        let outputs = try Fixtures.strings("card", ["4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111"])
        #expect(Set(outputs.map(Self.digits)).count == 1)
    }

    @Test func numericColumnsAreRefused() {
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("card", type: "bigint") }
    }
}
