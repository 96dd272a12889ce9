import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("iban")
struct IBANRuleTests {
    static func transformer(
        _ arguments: [String: ParameterValue] = [:], ring: MaskingKeyRing = Fixtures.ring
    ) throws -> IBANTransformer {
        try #require(try Fixtures.transformer("iban", arguments, ring: ring) as? IBANTransformer)
    }

    /// Each character's class: `9` digit, `A` upper-case letter, `a` lower-case letter, else itself.
    static func shape(_ value: String) -> [UInt8] {
        var shape = Array(value.utf8)
        for index in shape.indices {
            switch shape[index] {
            case 0x30...0x39: shape[index] = 0x39
            case 0x41...0x5A: shape[index] = 0x41
            case 0x61...0x7A: shape[index] = 0x61
            default: break
            }
        }
        return shape
    }

    static func compact(_ value: String) -> [UInt8] {
        value.utf8.filter { $0 != 0x20 && $0 != 0x2D }.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
    }

    /// (check digits as written - check digits computed) mod 97.
    static func checkOffset(_ value: String) -> Int {
        let iban = compact(value)
        let actual = Int(iban[2] - 0x30) * 10 + Int(iban[3] - 0x30)
        let computed = IBANChecksum.checkDigits(country: Array(iban[0..<2]), bban: Array(iban[4...]))
        return ((actual - computed) % 97 + 97) % 97
    }

    /// Check digits 02...98 other than the correct ones for a valid `iban`.
    static func wrongCheckDigits(_ iban: String, _ random: inout SeededRandom) -> Int {
        let bytes = compact(iban)
        let correct = Int(bytes[2] - 0x30) * 10 + Int(bytes[3] - 0x30)
        return 2 + (correct - 2 + 1 + random.next(below: 96)) % 97
    }

    /// Random valid IBANs of every registry country, in electronic, print and lower-case forms.
    static func ibans(count: Int, seed: UInt64) -> [String] {
        Fixtures.distinct(count, seed: seed) { random in
            let iban = FormatSamples.iban(&random, printForm: random.chance(1, in: 3))
            return random.chance(1, in: 8) ? iban.lowercased() : iban
        }
    }

    static let published = [
        "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "DE89 3704 0044 0532 0130 00",
        "FR14 2004 1010 0505 0001 3M02 606", "NL91 ABNA 0417 1643 00", "CH93 0076 2011 6238 5295 7",
        "BE68 5390 0754 7034", "ES91 2100 0418 4502 0005 1332", "IT60 X054 2811 1010 0000 0123 456",
        "AT61 1904 3002 3457 3201", "PL61 1090 1014 0000 0712 1981 2874", "SE45 5000 0000 0583 9825 7466",
        "NO93 8601 1117 947", "DK50 0040 0440 1162 43", "FI21 1234 5600 0007 85", "IE29 AIBK 9311 5212 3456 78",
        "PT50 0002 0123 1234 5678 9015 4", "LU28 0019 4006 4475 0000", "CZ65 0800 0000 1920 0014 5399",
    ]

    @Test("published example IBANs pass the checker, and mask to valid IBANs that reveal back", arguments: published)
    func publishedExamples(iban: String) throws {
        #expect(IBANChecksum.isValid(iban))
        let country = String(decoding: Self.compact(iban).prefix(2), as: UTF8.self)
        #expect(IBANRegistry.length(country) == Self.compact(iban).count)
        let transformer = try Self.transformer()
        let output = try #require(try Fixtures.apply("iban", [iban])[0])
        #expect(output != iban)
        #expect(IBANChecksum.isValid(output))
        #expect(Self.shape(output) == Self.shape(iban))
        #expect(output.prefix(2) == iban.prefix(2))
        #expect(try transformer.reveal(output) == iban)
    }

    @Test func checkerRejectsAlteredIBANs() {
        #expect(!IBANChecksum.isValid("GB82 WEST 1234 5698 7654 33"))
        #expect(!IBANChecksum.isValid("GB28 WEST 1234 5698 7654 32"))
        #expect(!IBANChecksum.isValid("DE89 3704 0044 0532 0130 01"))
        #expect(IBANChecksum.isValid("gb82 west 1234 5698 7654 32"))
    }

    @Test func carryingCheckDigitsIsAPermutationThatKeepsTheOffset() {
        for computed in 2...98 {
            for newComputed in stride(from: 2, through: 98, by: 8) {
                let carried = (0...99).map { IBANChecksum.carry($0, from: computed, to: newComputed) }
                #expect(Set(carried).count == 100)
                #expect(carried[computed] == newComputed)
                for actual in 2...98 {
                    #expect((carried[actual] - newComputed - (actual - computed)) % 97 == 0)
                    #expect(IBANChecksum.carry(carried[actual], from: newComputed, to: computed) == actual)
                }
                #expect(carried[0] == 0 && carried[1] == 1 && carried[99] == 99)
            }
        }
    }

    @Test func registryLengthsMatchTheirBBANStructures() {
        let lengths: [String: Int] = [
            "DE": 22, "FR": 27, "GB": 22, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "CH": 21, "AT": 20, "PL": 28,
            "SE": 24, "NO": 15, "DK": 18, "FI": 18, "IE": 22, "PT": 25, "LU": 20, "CZ": 24, "MT": 31, "SK": 24,
        ]
        for (country, length) in lengths {
            #expect(IBANRegistry.length(country) == length, "\(country)")
        }
        #expect(IBANRegistry.countries.count >= 60)
        for country in IBANRegistry.countries {
            let length = IBANRegistry.length(country) ?? 0
            #expect((15...34).contains(length), "\(country)")
        }
    }

    @Test(
        "valid IBANs stay valid with their country, layout and classes; one-to-one; reveal", arguments: [false, true])
    func validIBANs(keepBank: Bool) throws {
        let transformer = try Self.transformer(["keep_bank": .boolean(keepBank)])
        let inputs = Self.ibans(count: 3000, seed: keepBank ? 61 : 62)
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        let outputs = try column.map { try #require($0) }
        for (input, output) in zip(inputs, outputs) {
            #expect(IBANChecksum.isValid(output))
            #expect(Self.shape(output) == Self.shape(input))
            #expect(output.prefix(2) == input.prefix(2))
            #expect(output != input)
            if keepBank { #expect(Self.compact(output)[4..<8] == Self.compact(input)[4..<8]) }
            #expect(try transformer.reveal(output) == input)
        }
        #expect(Set(outputs).count == inputs.count)
        // Deterministic across instances and batches; another key gives other outputs.
        #expect(try Fixtures.strings("iban", inputs, ["keep_bank": .boolean(keepBank)]) == outputs)
        let other = try Fixtures.strings("iban", inputs, ["keep_bank": .boolean(keepBank)], ring: Fixtures.otherRing)
        #expect(zip(other, outputs).filter { $0 == $1 }.count < 10)
    }

    @Test func wrongCheckDigitsKeepTheirOffsetAndReveal() throws {
        let transformer = try Self.transformer()
        var random = Fixtures.random(63)
        let inputs = Self.ibans(count: 2000, seed: 64).map { iban in
            var bytes = Array(iban.utf8)
            let wrong = Self.wrongCheckDigits(iban, &random)
            bytes[2] = 0x30 + UInt8(wrong / 10)
            bytes[3] = 0x30 + UInt8(wrong % 10)
            return String(decoding: bytes, as: UTF8.self)
        }
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        for (input, output) in zip(inputs, column) {
            let masked = try #require(output)
            #expect(!IBANChecksum.isValid(masked))
            #expect(Self.checkOffset(masked) == Self.checkOffset(input))
            #expect(try transformer.reveal(masked) == input)
        }
    }

    @Test("check digits outside 02...98 are kept", arguments: ["00", "01", "99"])
    func outOfRangeCheckDigits(check: String) throws {
        let transformer = try Self.transformer()
        let input = "DE" + check + "370400440532013000"
        let output = try #require(try Fixtures.apply("iban", [input])[0])
        #expect(output.prefix(4) == input.prefix(4))
        #expect(output != input)
        #expect(try transformer.reveal(output) == input)
    }

    @Test(
        "values that are not IBANs are errors naming the row, never the value",
        arguments: [
            "DE89 3704 0044 0532 0130 0", "1234567890123456", "DE8X370400440532013000", "GB82/WEST/1234",
            "DE89 3704 0044 0532 0130 00 00", "AB12",
        ])
    func notAnIBAN(value: String) throws {
        do {
            _ = try Fixtures.apply("iban", ["GB82WEST12345698765432", value])
            Issue.record("expected an error")
        } catch let error as MaskingError {
            #expect(error.rowIndex == 1)
            #expect(!reveals(error, value))
        }
    }

    @Test func unlistedCountriesAreAcceptedAndShortOnesMappedOneWay() throws {
        let transformer = try Self.transformer()
        let long = "ZZ00123456789ABC"
        let short = "ZZ00AB3C4"
        let outputs = try Fixtures.strings("iban", [long, short])
        #expect(Self.shape(outputs[0]) == Self.shape(long))
        #expect(try transformer.reveal(outputs[0]) == long)
        #expect(Self.shape(outputs[1]) == Self.shape(short))
        #expect(outputs[1] != short)
        #expect(throws: ValueError.self) { try transformer.reveal(outputs[1]) }
    }

    @Test func numericColumnsAreRefused() {
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("iban", type: "bigint") }
    }

    /// 100,000 IBANs of every registry country: all pass mod-97, all distinct; 20,000 with wrong check
    /// digits keep their offset and reveal.
    @Test func volume() throws {
        let transformer = try Self.transformer()
        let inputs = Self.ibans(count: 100_000, seed: 65)
        let clock = ContinuousClock()
        var column: [Field] = inputs
        let elapsed = try clock.measure { try transformer.transform(&column, related: []) }
        let outputs = try column.map { try #require($0) }
        #expect(outputs.allSatisfy(IBANChecksum.isValid))
        #expect(Set(outputs).count == inputs.count)
        #expect(zip(inputs, outputs).allSatisfy { Self.shape($0) == Self.shape($1) })
        print("iban: 100,000 masked in \(elapsed)")

        var random = Fixtures.random(66)
        let wrong = inputs.prefix(20_000).map { iban in
            var bytes = Array(iban.utf8)
            let check = Self.wrongCheckDigits(iban, &random)
            bytes[2] = 0x30 + UInt8(check / 10)
            bytes[3] = 0x30 + UInt8(check % 10)
            return String(decoding: bytes, as: UTF8.self)
        }
        var wrongColumn: [Field] = wrong
        try transformer.transform(&wrongColumn, related: [])
        let wrongOutputs = try wrongColumn.map { try #require($0) }
        #expect(zip(wrong, wrongOutputs).allSatisfy { Self.checkOffset($0) == Self.checkOffset($1) })
        #expect(Set(wrongOutputs).count == wrong.count)
        #expect(wrongOutputs.allSatisfy { !IBANChecksum.isValid($0) })
        for (input, output) in zip(wrong, wrongOutputs).prefix(2000) {
            #expect(try transformer.reveal(output) == input)
        }
    }
}
