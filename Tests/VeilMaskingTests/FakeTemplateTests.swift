import Testing
import VeilCore

@testable import VeilMasking

@Suite("fake.template")
struct FakeTemplateTests {
    static let inputs = (0..<1000).map { "employee \($0)" }

    static func apply(_ pattern: String, _ inputs: [String] = inputs) throws -> [String] {
        try Fixtures.strings("fake.template", inputs, ["pattern": .string(pattern)])
    }

    @Test func namesAndDomainInTheirPlaces() throws {
        let firstNames = Set(WordLists.anyFirstNames)
        for output in try Self.apply("{first_name}|{last_name}@corp.test") {
            #expect(output.hasSuffix("@corp.test"))
            let parts = output.dropLast("@corp.test".count).split(separator: "|").map(String.init)
            #expect(parts.count == 2 && firstNames.contains(parts[0]), "\(output)")
        }
    }

    @Test func asciiLowerAndUpperModifiers() throws {
        let folded = Set(WordLists.foldedFirstNames)
        for output in try Self.apply("{first_name:ascii}.{last_name:ascii}@corp.test") {
            let local = output.dropLast("@corp.test".count).split(separator: ".").map(String.init)
            #expect(local.count == 2 && folded.contains(local[0]), "\(output)")
            #expect(output.utf8.allSatisfy { (0x61...0x7A).contains($0) || $0 == 0x2E || $0 == 0x40 })
        }
        let upper = try Self.apply("{country:upper}")
        #expect(upper.allSatisfy { $0 == $0.uppercased() } && upper.contains { $0.contains("A") })
        let lower = try Self.apply("{job_title:lower}")
        #expect(lower.allSatisfy { $0 == $0.lowercased() })
    }

    @Test func digitsAndLetters() throws {
        for output in try Self.apply("INV-{LETTERS:3}-{digits:6}/{letters:2}") {
            let bytes = Array(output.utf8)
            #expect(bytes.count == 17 && output.hasPrefix("INV-"))
            #expect(bytes[4..<7].allSatisfy { (0x41...0x5A).contains($0) } && bytes[7] == 0x2D)
            #expect(bytes[8..<14].allSatisfy { (0x30...0x39).contains($0) } && bytes[14] == 0x2F)
            #expect(bytes[15...].allSatisfy { (0x61...0x7A).contains($0) })
        }
        #expect(Set(try Self.apply("{digits:6}")).count > 990)
    }

    @Test func theDefaultPatternIsAReferenceCode() throws {
        let outputs = try Fixtures.strings("fake.template", Self.inputs)
        for output in outputs {
            let bytes = Array(output.utf8)
            #expect(bytes.count == 10 && bytes[3] == 0x2D)
            #expect(bytes[..<3].allSatisfy { (0x41...0x5A).contains($0) })
            #expect(bytes[4...].allSatisfy { (0x30...0x39).contains($0) })
        }
        #expect(Set(outputs).count == outputs.count)
    }

    @Test func bracesEscape() throws {
        let outputs = try Self.apply("{{id}}-{digits:2}")
        #expect(outputs.allSatisfy { $0.hasPrefix("{id}-") && $0.utf8.count == 7 })
    }

    @Test func everyPlaceholderDrawsFromTheSameKeyedStream() throws {
        let pattern = "{full_name} <{email}> {date} {integer}"
        #expect(try Self.apply(pattern) == (try Self.apply(pattern)))
        let otherKey = try Fixtures.strings(
            "fake.template", Self.inputs, ["pattern": .string(pattern)], ring: Fixtures.otherRing)
        #expect(zip(try Self.apply(pattern), otherKey).filter { $0 == $1 }.isEmpty)
    }

    @Test("every kind can stand in a template", arguments: SyntheticKinds.all.keys.sorted())
    func everyKind(kind: String) throws {
        let outputs = try Self.apply("<{\(kind)}>", Array(Self.inputs.prefix(200)))
        #expect(outputs.allSatisfy { $0.hasPrefix("<") && $0.hasSuffix(">") && $0.utf8.count > 2 })
        #expect(Set(outputs).count > 1)
    }

    @Test func shapeFollowingKindsGetANeutralInputNotTheValue() throws {
        let secret = "Alice 0123 456789"
        let output = try #require(try Self.apply("{phone}", [secret]).first)
        #expect(output.utf8.count == "(555) 010-0000".utf8.count && !output.contains("Alice"))
    }

    @Test(
        "bad patterns are configuration errors naming the problem",
        arguments: [
            ("{first_name} {nickname}", "{nickname}"), ("{digits:0}", "{digits:0}"), ("{digits:x}", "{digits:x}"),
            ("{first_name", "without its"), ("first}", "without its"), ("no placeholders", "no placeholder"),
            ("{choice}", "{choice}"), ("{template}", "{template}"), ("{first_name:title}", "{first_name:title}"),
        ])
    func badPatterns(pattern: String, named: String) {
        do {
            _ = try Fixtures.transformer("fake.template", ["pattern": .string(pattern)])
            Issue.record("\(pattern) was accepted")
        } catch let error as RuleConfigurationError {
            #expect(error.message.contains(named), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func outputBitsAddUpThePlaceholders() throws {
        let definition = try #require(BuiltinRules.named("fake.template"))
        #expect(definition.outputBits(["pattern": .string("{digits:16}")]) == 53)
        #expect(definition.outputBits(["pattern": .string("{email}")]) == 53)
        #expect(definition.outputBits(["pattern": .string("{first_name}.{last_name}")]) == 22)
        #expect(definition.outputBits(["pattern": .string("{nope}")]) == nil)
    }

    @Test func theRegistryListsEveryFakeKindButChoiceAndTemplate() {
        let fakeKinds = Set(FakeRuleTests.kinds).subtracting(["choice", "template"])
        #expect(Set(SyntheticKinds.all.keys) == fakeKinds)
    }
}
