import Testing
import VeilCore

@testable import VeilMasking

/// How `email` (encoding 2) treats letters and digits beyond ASCII: each stays in its class and case, IDN labels are
/// encrypted under `mail_domain: tokenize`, short parts go one-way; and encoding 1, kept for old tokens.
@Suite("email, scripts and encodings")
struct EmailScriptTests {
    static let inputs = InternationalEmailSamples.addresses(2000, seed: 151)

    /// What each scalar of a text is: its letter class and case, `ascii` for an ASCII letter or digit, or itself.
    static func layout(_ text: some StringProtocol) -> [String] {
        text.unicodeScalars.map { scalar in
            if scalar.isASCII {
                return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) ? "ascii" : String(scalar)
            }
            guard let member = LetterClass.member(scalar.value) else { return String(scalar) }
            return "\(member.classIndex)\(member.isUpper ? "U" : "")"
        }
    }

    @Test(
        "every letter and digit stays in its class and case, everything else in place",
        arguments: ["keep", "tokenize"])
    func classesAndCaseAreKept(domain: String) throws {
        let transformer = try EmailRuleTests.transformer(["mail_domain": .string(domain)])
        let outputs = try EmailRuleTests.mask(transformer, Self.inputs)
        var changedLetters = 0
        var letters = 0
        for (input, output) in zip(Self.inputs, outputs) {
            #expect(Self.layout(output) == Self.layout(input), "\(input) → \(output)")
            // What the rule encrypts (not the kept domain or top-level domain).
            let before = try InternationalEmailSamples.maskedPart(of: input, mailDomain: domain)
            let after = try InternationalEmailSamples.maskedPart(of: output, mailDomain: domain)
            for (a, b) in zip(before.unicodeScalars, after.unicodeScalars) where LetterClass.member(a.value) != nil {
                letters += 1
                if a != b { changedLetters += 1 }
            }
        }
        // Nearly every non-ASCII letter changes (a letter of a 32-letter class keeps its place 1 time in 32).
        #expect(Double(changedLetters) > Double(letters) * 0.93)
    }

    @Test func exampleModeKeepsTheLayoutOfLocalAtDomain() throws {
        let transformer = try EmailRuleTests.transformer()
        for input in ["иван.иванов.984@mail.ru", "张伟@例子.中国", "Josè.Núñez@Acme.es"] {
            let output = try EmailRuleTests.mask(transformer, [input])[0]
            let domain = String(try EmailAddress(output).domain)
            let suffix = try #require(EmailGenerator.domains.first { domain.hasSuffix("." + $0) }, "\(output)")
            #expect(Self.layout(output.dropLast(suffix.count + 1)) == Self.layout(input))
            #expect(try transformer.reveal(output) == input)
        }
    }

    @Test func internationalizedDomainLabelsAreEncryptedUnderTokenize() throws {
        let transformer = try EmailRuleTests.transformer(["mail_domain": .string("tokenize")])
        let inputs = ["ivan.petrov@почта.рф", "anna.smirnova@почта.рф", "olga.ivanova@почта.рф", "li.wei@例子.中国"]
        let outputs = try EmailRuleTests.mask(transformer, inputs)
        for (input, output) in zip(inputs, outputs) {
            let (a, b) = (try EmailAddress(input), try EmailAddress(output))
            #expect(b.topLevel == a.topLevel)
            #expect(b.labels != a.labels)
            #expect(Self.layout(b.labels) == Self.layout(a.labels))
            #expect(try transformer.reveal(output) == input)
        }
        // Large enough on both sides: every address at почта.рф gets the same masked domain.
        #expect(Set(try outputs.prefix(3).map { try EmailAddress($0).domain }).count == 1)
    }

    @Test func shortPartsAreMappedOneWayWithinTheirClasses() throws {
        // Three Russian letters: 32^3 values, too few for FF1 under mail_domain: keep.
        let keep = try EmailRuleTests.transformer(["mail_domain": .string("keep")])
        let inputs = ["ива@mail.ru", "Оля@mail.ru", "李@qq.com"]
        let outputs = try EmailRuleTests.mask(keep, inputs)
        #expect(try EmailRuleTests.mask(keep, inputs) == outputs)
        for (input, output) in zip(inputs, outputs) {
            #expect(output != input)
            #expect(Self.layout(output) == Self.layout(input))
            #expect(throws: ValueError.self) { try keep.reveal(output) }
        }
        // Two ideographs already have 20,992^2 values: reversible.
        let output = try EmailRuleTests.mask(keep, ["张伟@qq.com"])[0]
        #expect(try keep.reveal(output) == "张伟@qq.com")
    }

    @Test func encodingOneCopiesNonASCIILettersAndIsKeptForOldTokens() throws {
        let old = try EmailRuleTests.transformer(["encoding": .integer(1)])
        let new = try EmailRuleTests.transformer()
        let input = "иван.иванов.984@mail.ru"
        let oldToken = try EmailRuleTests.mask(old, [input])[0]
        #expect(oldToken.hasPrefix("иван.иванов."))
        #expect(try old.reveal(oldToken) == input)
        #expect(try new.reveal(oldToken) != input)
        let newToken = try EmailRuleTests.mask(new, [input])[0]
        #expect(InternationalEmailSamples.survivingRuns(of: input, in: newToken).isEmpty)
        // ASCII addresses: the same output under encodings 1 and 2.
        let ascii = NetworkSamples.emails(500, seed: 152)
        let two = try EmailRuleTests.transformer(["encoding": .integer(2)])
        #expect(try EmailRuleTests.mask(old, ascii) == EmailRuleTests.mask(two, ascii))
    }

    @Test func theEncodingIsAParameterWithItsPriorDefault() throws {
        let definition = try #require(BuiltinRules.named("email"))
        let parameter = try #require(definition.parameters.first { $0.name == "encoding" })
        #expect(parameter.defaultValue == .integer(3))
        #expect(parameter.kind == .integer(1...3))
        #expect(definition.priorDefaults == ["encoding": .integer(1)])
        #expect(throws: RuleConfigurationError.self) { try EmailRuleTests.transformer(["encoding": .integer(4)]) }
    }
}
