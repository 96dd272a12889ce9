import Testing
import VeilCore

@testable import VeilMasking

@Suite("null and redact")
struct NullAndRedactTests {
    @Test func nullErasesEverything() throws {
        #expect(try Fixtures.apply("null", ["a", "", nil, "long value"]) == [nil, nil, nil, nil])
    }

    @Test func nullIsRefusedOnNotNullColumns() throws {
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("null", notNull: true)
        }
    }

    @Test(
        "redact writes the constant, truncated to the column",
        arguments: [
            ([:], "text", "REDACTED"),
            (["value": .string("[hidden]")], "text", "[hidden]"),
            ([:], "character varying(4)", "REDA"),
            (["value": .string("Zoë ✓ x")], "varchar(5)", "Zoë ✓"),
            ([:], "character(1)", "R"),
        ] as [([String: ParameterValue], String, String)])
    func redact(arguments: [String: ParameterValue], type: String, expected: String) throws {
        let output = try Fixtures.apply("redact", ["secret", "", nil], arguments, type: type)
        #expect(output == [expected, expected, nil])
    }

    @Test func redactIsRefusedOnNonTextColumns() {
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("redact", type: "integer") }
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("redact", type: "date") }
    }
}

@Suite("mask")
struct MaskRuleTests {
    @Test(
        "masks all but the shown characters, keeping length",
        arguments: [
            ("4111111111111111", 0, 4, "*", "************1111"),
            ("4111111111111111", 6, 4, "*", "411111******1111"),
            ("John", 1, 0, "*", "J***"),
            ("José", 1, 1, "#", "J##é"),
            ("Zoë Ünal", 2, 0, "•", "Zo••••••"),
            ("ab", 1, 1, "*", "**"),
            ("abc", 2, 2, "*", "***"),
            ("abc", 0, 0, "x", "xxx"),
            ("e\u{301}té", 0, 1, "*", "***é"),
        ] as [(String, Int, Int, String, String)])
    func mask(input: String, first: Int, last: Int, char: String, expected: String) throws {
        let arguments: [String: ParameterValue] = [
            "show_first": .integer(first), "show_last": .integer(last), "char": .string(char),
        ]
        let output = try Fixtures.strings("mask", [input], arguments)
        #expect(output == [expected])
        #expect(output[0].unicodeScalars.count == input.unicodeScalars.count)
    }

    @Test func maskCharacterMustBeOneCharacter() {
        for bad in ["", "**", "ab"] {
            #expect(throws: RuleConfigurationError.self) {
                try Fixtures.transformer("mask", ["char": .string(bad)])
            }
        }
    }

    @Test func maskKeepsLengthOverManyValues() throws {
        let inputs = Fixtures.samples(for: "mask", count: 2000)
        let outputs = try Fixtures.strings("mask", inputs, ["show_first": .integer(2), "show_last": .integer(2)])
        for (input, output) in zip(inputs, outputs) {
            #expect(output.unicodeScalars.count == input.unicodeScalars.count)
            #expect(output.unicodeScalars.prefix(2).elementsEqual(input.unicodeScalars.prefix(2)))
            #expect(output.unicodeScalars.dropFirst(2).dropLast(2).allSatisfy { $0 == "*" })
        }
    }

    @Test func maskOnNumericColumnsNeedsADigitCharacter() throws {
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("mask", type: "integer") }
        let output = try Fixtures.strings(
            "mask", ["123456"], ["char": .string("0"), "show_first": .integer(1)],
            type: "bigint")
        #expect(output == ["100000"])
    }
}
