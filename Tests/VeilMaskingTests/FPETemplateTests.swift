import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("fpe template")
struct FPETemplateTests {
    static func transformer(_ template: String, _ arguments: [String: ParameterValue] = [:]) throws
        -> FPETemplateTransformer
    {
        var all = arguments
        all["template"] = .string(template)
        return try #require(try Fixtures.transformer("fpe", all) as? FPETemplateTransformer)
    }

    static func random(_ alphabet: String, _ count: Int, _ random: inout SeededRandom) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[random.next(below: characters.count)] })
    }

    static let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    static let lower = "abcdefghijklmnopqrstuvwxyz"
    static let digits = "0123456789"

    /// Each character's class: `9` digit, `A` upper-case letter, `a` lower-case letter, else itself.
    static func shape(_ value: String) -> String {
        String(value.map { $0.isNumber ? "9" : $0.isUppercase ? "A" : $0.isLowercase ? "a" : $0 })
    }

    /// Templates with a generator of matching values and the characters each must keep (by offset).
    static let cases: [(template: String, make: @Sendable (inout SeededRandom) -> String, kept: [Int])] = [
        (
            "ACC-{digits:8}-{upper:2}", { "ACC-" + random(digits, 8, &$0) + "-" + random(upper, 2, &$0) },
            [0, 1, 2, 3, 12]
        ),
        (
            "{keep:3}-{digits}", { random(upper, 3, &$0) + "-" + random(digits, 6 + $0.next(below: 6), &$0) },
            [0, 1, 2, 3]
        ),
        (
            "{upper:2}{digits:6}/{lower:3}",
            { random(upper, 2, &$0) + random(digits, 6, &$0) + "/" + random(lower, 3, &$0) }, [8]
        ),
        ("{{{hex:12}}}", { "{" + random("0123456789abcdef", 12, &$0) + "}" }, [0, 13]),
        ("{keep}@{alnum:8}", { random(lower, 1 + $0.next(below: 8), &$0) + "@" + random(digits + upper, 8, &$0) }, []),
    ]

    @Test("values keep the template's layout; one-to-one; reveal", arguments: 0..<5)
    func roundTrip(index: Int) throws {
        let (template, make, kept) = Self.cases[index]
        let transformer = try Self.transformer(template)
        let inputs = Fixtures.distinct(3000, seed: 90 + UInt64(index), make)
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        let outputs = try column.map { try #require($0) }
        for (input, output) in zip(inputs, outputs) {
            #expect(Self.shape(output) == Self.shape(input) || template.contains("alnum") || template.contains("hex"))
            #expect(output.count == input.count)
            for offset in kept {
                #expect(Array(output)[offset] == Array(input)[offset])
            }
            #expect(output != input)
            #expect(try transformer.reveal(output) == input)
        }
        #expect(Set(outputs).count == inputs.count)
        #expect(try Fixtures.strings("fpe", inputs, ["template": .string(template)]) == outputs)
        let other = try Fixtures.strings("fpe", inputs, ["template": .string(template)], ring: Fixtures.otherRing)
        #expect(zip(other, outputs).filter { $0 == $1 }.count < 5)
    }

    @Test func keptGroupsAreKeptAndBindTheEncryption() throws {
        let outputs = try Fixtures.strings(
            "fpe", ["BER-000042", "MUC-000042", "BER-000043"], ["template": .string("{keep:3}-{digits}")])
        #expect(outputs[0].hasPrefix("BER-") && outputs[1].hasPrefix("MUC-"))
        // The same digits under another kept prefix encrypt differently.
        #expect(outputs[0].dropFirst(4) != outputs[1].dropFirst(4))
    }

    @Test func smallGroupsNextToALargeOneChangeAndStayOneToOne() throws {
        // 26^2 = 676 values in the letters group alone; the digits group carries the FF1.
        let inputs = Fixtures.distinct(3000, seed: 97) { "ACC-" + Self.random(Self.digits, 8, &$0) + "-XY" }
        let outputs = try Fixtures.strings("fpe", inputs, ["template": .string("ACC-{digits:8}-{upper:2}")])
        #expect(Set(outputs.map { $0.suffix(2) }).count > 300)
        #expect(Set(outputs).count == inputs.count)
    }

    @Test func templatesWithoutALargeGroupFollowShort() throws {
        let template = "{upper:2}-{digits:3}"
        #expect(throws: MaskingError.self) { try Fixtures.apply("fpe", ["AB-123"], ["template": .string(template)]) }
        let hmac = try Fixtures.strings(
            "fpe", ["AB-123"], ["template": .string(template), "short": .string("hmac")])
        #expect(Self.shape(hmac[0]) == "AA-999" && hmac[0] != "AB-123")
        let redacted = try Fixtures.apply(
            "fpe", ["AB-123"], ["template": .string(template), "short": .string("redact")])
        #expect(redacted == ["REDACTED"])
        let transformer = try Self.transformer(template, ["short": .string("hmac")])
        #expect(throws: ValueError.self) { try transformer.reveal(hmac[0]) }
    }

    @Test(
        "values that do not match are errors naming the row, never the value",
        arguments: ["ACC-1234567-XY", "ACX-12345678-XY", "ACC-12345678-Xy", "ACC-12345678-XYZ", "acc-12345678-XY"])
    func mismatch(value: String) throws {
        do {
            let template = ParameterValue.string("ACC-{digits:8}-{upper:2}")
            _ = try Fixtures.apply("fpe", ["ACC-12345678-XY", value], ["template": template])
            Issue.record("expected an error")
        } catch let error as MaskingError {
            #expect(error.rowIndex == 1)
            #expect(!reveals(error, value))
        }
    }

    @Test(
        "malformed templates are refused",
        arguments: [
            "ACC-{digits", "ACC}-{digits}", "{emoji:3}", "{digits:0}", "{digits:x}", "plain text",
            "{keep}{digits}", "{keep:3}", "{digits:2:3}",
        ])
    func malformed(template: String) {
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("fpe", ["template": .string(template)])
        }
    }

    @Test func templateIsExclusiveWithAlphabetAndKeepOptions() {
        for arguments: [String: ParameterValue] in [
            ["alphabet": .string("upper")], ["keep_prefix": .integer(2)], ["keep_suffix": .integer(1)],
        ] {
            var all = arguments
            all["template"] = .string("{digits}")
            #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("fpe", all) }
        }
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("fpe", ["template": .string("{digits}")], type: "bigint")
        }
    }

    @Test func unboundedGroupsArePossessive() throws {
        let template = try FPETemplate("{digits}-{keep}")
        let scalars = Array("12345-abc".unicodeScalars.map(\.value))
        #expect(template.match(scalars)?.map(\.count) == [5, 1, 3])
        #expect(template.match(Array("-abc".unicodeScalars.map(\.value))) == nil)
        #expect(try FPETemplate("{alnum}{digits:2}").match(Array("ab12".unicodeScalars.map(\.value))) == nil)
    }
}
