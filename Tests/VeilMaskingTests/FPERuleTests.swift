import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("fpe")
struct FPERuleTests {
    static let alphabets: [(name: String, characters: String)] = [
        ("digits", "0123456789"),
        ("lower", "abcdefghijklmnopqrstuvwxyz"),
        ("upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("letters", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
        ("alnum", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
        ("0123456789abcdef", "0123456789abcdef"),
        ("αβγδεζηθικλμ", "αβγδεζηθικλμ"),
    ]

    static func transformer(_ arguments: [String: ParameterValue] = [:], type: String = "text") throws
        -> FPETransformer
    {
        try #require(try Fixtures.transformer("fpe", arguments, type: type) as? FPETransformer)
    }

    /// Values mixing alphabet characters with separators and characters outside the alphabet.
    static func values(_ alphabet: String, count: Int, seed: UInt64) -> [String] {
        let characters = Array(alphabet)
        let others: [Character] = ["-", " ", ".", "/", "é", "✓"]
        return Fixtures.distinct(count, seed: seed) { random in
            var value = ""
            let length = 8 + random.next(below: 12)
            for _ in 0..<length {
                value.append(random.chance(1, in: 6) ? random.pick(others) : random.pick(characters))
            }
            return value
        }
    }

    @Test("keeps length, layout and alphabet; one-to-one; reveals back", arguments: alphabets)
    func formatAndRoundTrip(alphabet: (name: String, characters: String)) throws {
        let transformer = try Self.transformer(["alphabet": .string(alphabet.name), "short": .string("hmac")])
        let inputs = Self.values(alphabet.characters, count: 2000, seed: UInt64(alphabet.characters.count))
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        let outputs = try column.map { try #require($0) }
        let members = Set(alphabet.characters.unicodeScalars)
        for (input, output) in zip(inputs, outputs) {
            let a = Array(input.unicodeScalars)
            let b = Array(output.unicodeScalars)
            #expect(a.count == b.count)
            for (x, y) in zip(a, b) {
                #expect(members.contains(x) ? members.contains(y) : x == y)
            }
            let free = a.filter(members.contains).count
            if free >= FPETransformer.minimumFreeLength(radix: members.count) {
                #expect(try transformer.reveal(output) == input)
            } else {
                #expect(throws: ValueError.self) { try transformer.reveal(output) }
            }
        }
        #expect(Set(outputs).count == inputs.count)
    }

    @Test func ssnMatchesFF1UnderTheDomainKeyDirectly() throws {
        let keys = Fixtures.ring.keys(forDomain: Fixtures.defaultDomain)
        let ff1 = try FF1(key: keys.fpeKey, radix: 10)
        let inputs = Fixtures.samples(for: "fpe", count: 500)
        let outputs = try Fixtures.strings("fpe", inputs)
        for (input, output) in zip(inputs, outputs) {
            #expect(output.count == 11 && output.split(separator: "-").map(\.count) == [3, 2, 4])
            let digits = output.compactMap(\.wholeNumberValue).map(UInt16.init)
            let original = try ff1.decrypt(digits)
            #expect(original == input.compactMap(\.wholeNumberValue).map(UInt16.init))
        }
    }

    @Test func keptPrefixAndSuffixStayAndTweakTheRest() throws {
        let arguments: [String: ParameterValue] = ["keep_prefix": .integer(3), "keep_suffix": .integer(2)]
        let transformer = try Self.transformer(arguments)
        let inputs = ["+44 7700 900123", "+33 7700 900123", "+44 7700 900124", "555-0100-1234567"]
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        let outputs = try column.map { try #require($0) }
        for (input, output) in zip(inputs, outputs) {
            let inDigits = input.filter(\.isNumber)
            let outDigits = output.filter(\.isNumber)
            #expect(inDigits.prefix(3) == outDigits.prefix(3))
            #expect(inDigits.suffix(2) == outDigits.suffix(2))
            #expect(inDigits.dropFirst(3).dropLast(2) != outDigits.dropFirst(3).dropLast(2))
            #expect(try transformer.reveal(output) == input)
        }
        // Same free digits under different kept digits do not encrypt alike (the kept part is the tweak).
        let middle = { (value: String) in value.filter(\.isNumber).dropFirst(3).dropLast(2) }
        #expect(middle(outputs[0]) != middle(outputs[1]))
        #expect(middle(outputs[0]) != middle(outputs[2]))
    }

    @Test("short values follow short:", arguments: ["error", "hmac", "null", "redact"])
    func shortValues(policy: String) throws {
        let transformer = try Self.transformer(["short": .string(policy)])
        // 12345 has 10^5 possibilities; 123456 has 10^6 and is encrypted.
        var column: [Field] = ["123456", "12-345", "abc", "987654"]
        if policy == "error" {
            let error = try #require(throws: MaskingError.self) { try transformer.transform(&column, related: []) }
            #expect(error.rowIndex == 1)
            #expect(error.reason == "too few characters for format-preserving encryption (needs radix^n >= 10^6)")
            #expect(!reveals(error, "12-345") && !reveals(error, "12345"))
            return
        }
        try transformer.transform(&column, related: [])
        #expect(column[0]?.count == 6 && column[0] != "123456")
        switch policy {
        case "hmac":
            let masked = try #require(column[1])
            #expect(masked.count == 6 && masked.split(separator: "-").map(\.count) == [2, 3] && masked != "12-345")
            #expect(column[2] == "abc")  // nothing of the alphabet to change
            var again: [Field] = ["12-345"]
            try transformer.transform(&again, related: [])
            #expect(again[0] == masked)
            #expect(throws: ValueError.self) { try transformer.reveal(masked) }
        case "null":
            #expect(column[1] == nil && column[2] == nil)
        default:
            #expect(column[1] == "REDACTED" && column[2] == "REDACTED")
        }
    }

    @Test func shortHMACNeverCopiesASmallValueThrough() throws {
        let transformer = try Self.transformer(["short": .string("hmac")])
        let inputs = (0..<10).map(String.init) + (0..<100).map { $0 < 10 ? "0\($0)" : "\($0)" }
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        for (input, output) in zip(inputs, column) {
            #expect(output != input && output?.count == input.count)
        }
    }

    @Test func shortNullIsRefusedOnNotNullColumns() {
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("fpe", ["short": .string("null")], notNull: true)
        }
    }

    @Test(
        "integer columns keep valid integers of the type",
        arguments: [("integer", Int64(Int32.max)), ("bigint", Int64.max), ("smallint", Int64(Int16.max))])
    func integerColumns(type: String, maximum: Int64) throws {
        let transformer = try Self.transformer(["short": .string("hmac")], type: type)
        let maxDigits = String(maximum).count
        let inputs = Fixtures.distinct(2000, seed: 77) { random in
            let digits = 1 + random.next(below: maxDigits)
            let magnitude = Int64(random.next(below: Int.max)) % maximum
            let value = String(String(magnitude).prefix(digits))
            return random.chance(1, in: 5) ? "-" + value : value
        }.filter { $0 != "-0" }
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        for (input, output) in zip(inputs, column) {
            let text = try #require(output)
            let number = try #require(Int64(text))
            #expect(String(number) == text, "no leading zero")
            #expect(number <= maximum && number >= -maximum - 1)
            #expect((number < 0) == input.hasPrefix("-"))
            if input.filter(\.isNumber).count >= 6 {
                #expect(try transformer.reveal(text) == input)
            }
        }
        let encrypted = zip(inputs, column).filter { $0.0.filter(\.isNumber).count >= 6 }.map(\.1)
        #expect(Set(encrypted).count == encrypted.count)
    }

    @Test func numericColumnsRefuseOtherAlphabetsAndRedact() {
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("fpe", ["alphabet": .string("alnum")], type: "bigint")
        }
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("fpe", ["short": .string("redact")], type: "numeric(10,2)")
        }
    }

    @Test func invalidAlphabetsAreConfigurationErrors() {
        for bad in ["", "a", "aa", "e\u{301}x"] {
            #expect(throws: RuleConfigurationError.self) {
                try Fixtures.transformer("fpe", ["alphabet": .string(bad)])
            }
        }
    }

    @Test func aFailingRowIsNamedByIndexInALargeBatch() throws {
        var column: [Field] = (0..<1000).map { String(100_000_000 + $0 * 7919) }
        column[617] = "12"
        let error = try #require(throws: MaskingError.self) {
            try Fixtures.transformer("fpe").transform(&column, related: [])
        }
        #expect(error.rowIndex == 617)
    }
}
