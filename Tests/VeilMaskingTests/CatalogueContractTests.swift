import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

/// The contract every built-in rule keeps, checked over the whole catalogue.
@Suite("Rule catalogue contract")
struct CatalogueContractTests {
    static let allNames = BuiltinRules.all.map(\.name)
    /// `generalize` truncates without a key; `json` holds no key itself (its nested rules do).
    static let unkeyed: Set<String> = ["keep", "null", "redact", "mask", "generalize", "json"]
    /// Rules whose output may equal the input: `keep`; `generalize` (a value already on its month or bucket
    /// boundary stays, which reveals no more than the bucket); `json` (only its nested rules change leaves,
    /// and the contract tests give it none).
    static let mayCopyThrough: Set<String> = ["keep", "generalize", "json"]
    /// Rules whose job is to change NULL or empty values.
    static let changesEmpty: Set<String> = ["null", "redact"]
    /// Rules that draw from a handful of values under their default arguments (`fake.choice`'s yes/no):
    /// another key agrees with about half of their outputs by chance.
    static let fewOutputs: Set<String> = ["fake.choice"]

    @Test func catalogueListsEveryRuleOnceAndFindsThemByName() throws {
        #expect(Set(Self.allNames).count == Self.allNames.count)
        #expect(
            Set(Self.allNames)
                == [
                    "keep", "null", "redact", "mask", "hmac", "fpe", "card", "tokenize", "shift_date",
                    "fake.first_name",
                    "fake.last_name", "fake.full_name", "fake.email", "fake.phone", "fake.street_address",
                    "fake.city", "fake.postcode", "fake.company",
                    "fake.username", "fake.state", "fake.country", "fake.job_title", "fake.date_of_birth", "fake.date",
                    "fake.datetime", "fake.time", "fake.url", "fake.domain", "fake.word", "fake.sentence",
                    "fake.paragraph", "fake.integer", "fake.decimal", "fake.choice", "fake.template",
                    "iban", "ssn", "uuid", "fake.iban", "fake.card", "fake.ssn", "fake.uuid",
                    "email", "phone", "ipv4", "ipv6", "ip", "fake.ipv4", "fake.ipv6", "fake.mac",
                    "generalize", "noise", "json", "scrub",
                ])
        for name in Self.allNames {
            #expect(BuiltinRules.named(name)?.name == name)
        }
        #expect(BuiltinRules.named("tokenize-nope") == nil)
    }

    @Test func flagsMatchTheDesign() {
        for definition in BuiltinRules.all {
            #expect(definition.isKeyed == !Self.unkeyed.contains(definition.name), "\(definition.name)")
            #expect(
                definition.isReversible
                    == [
                        "fpe", "card", "tokenize", "iban", "ssn", "uuid", "email", "phone", "ipv4", "ipv6", "ip",
                    ].contains(definition.name), "\(definition.name)")
            #expect(definition.mayProduceNull == (definition.name == "null"), "\(definition.name)")
            #expect(!definition.summary.isEmpty)
        }
        #expect(BuiltinRules.named("fpe")?.isBijective == true)
        #expect(BuiltinRules.named("card")?.isBijective == true)
        #expect(BuiltinRules.named("tokenize")?.isBijective == true)
        #expect(BuiltinRules.named("hmac")?.isBijective == false)
        #expect(BuiltinRules.named("fake.email")?.isBijective == false)
    }

    @Test("no rule declares a parameter the profile reserves (rule, domain, unique, review)")
    func noReservedParameterNames() {
        for definition in BuiltinRules.all {
            for parameter in definition.parameters {
                #expect(
                    !["rule", "domain", "unique", "review"].contains(parameter.name),
                    "\(definition.name).\(parameter.name)")
            }
        }
    }

    @Test func parameterDefaultsMatchTheirKinds() {
        for definition in BuiltinRules.all {
            for parameter in definition.parameters {
                guard let value = parameter.defaultValue else { continue }
                switch (parameter.kind, value) {
                case (.string, .string), (.boolean, .boolean), (.list, .list): break
                case (.integer(let range), .integer(let number)): #expect(range.contains(number))
                case (.choice(let words), .string(let word)): #expect(words.contains(word))
                default: Issue.record("\(definition.name).\(parameter.name): default does not match its kind")
                }
            }
        }
    }

    @Test("deterministic across separate transformer instances", arguments: allNames)
    func deterministic(rule: String) throws {
        let inputs = Fixtures.samples(for: rule)
        let first = try Fixtures.apply(rule, inputs)
        let second = try Fixtures.apply(rule, inputs)
        #expect(first == second)
        // Batching does not change results: value by value gives the same outputs.
        let oneByOne = try inputs.prefix(20).map { try Fixtures.apply(rule, [$0])[0] }
        #expect(Array(first.prefix(20)) == oneByOne)
    }

    @Test("NULL stays NULL; empty stays empty unless the rule's job is to change it", arguments: allNames)
    func nullAndEmpty(rule: String) throws {
        let sample = Fixtures.samples(for: rule, count: 1)[0]
        let output = try Fixtures.apply(rule, [nil, "", sample, nil])
        #expect(output[0] == nil)
        #expect(output[3] == nil)
        if Self.changesEmpty.contains(rule) {
            #expect(output[1] != "")
        } else {
            #expect(output[1] == "")
        }
    }

    @Test("another data key or another domain gives unrelated outputs", arguments: allNames)
    func keySeparation(rule: String) throws {
        let inputs = Fixtures.samples(for: rule)
        let base = try Fixtures.apply(rule, inputs)
        let otherKey = try Fixtures.apply(rule, inputs, ring: Fixtures.otherRing)
        let otherDomain = try Fixtures.apply(rule, inputs, domain: "public.orders.value")
        let sameUnderKey = zip(base, otherKey).filter { $0 == $1 }.count
        let sameUnderDomain = zip(base, otherDomain).filter { $0 == $1 }.count
        if Self.unkeyed.contains(rule) {
            #expect(sameUnderKey == inputs.count)
            #expect(sameUnderDomain == inputs.count)
        } else if Self.fewOutputs.contains(rule) {
            #expect(sameUnderKey < inputs.count * 3 / 4 && sameUnderKey > inputs.count / 4, "\(sameUnderKey) equal")
            #expect(sameUnderDomain < inputs.count * 3 / 4, "\(sameUnderDomain) of \(inputs.count) equal")
        } else {
            // Rules with few possible outputs (a name list of ~600) still collide by chance, rarely.
            #expect(sameUnderKey <= inputs.count / 20, "\(sameUnderKey) of \(inputs.count) equal")
            #expect(sameUnderDomain <= inputs.count / 20, "\(sameUnderDomain) of \(inputs.count) equal")
        }
    }

    @Test("no output equals its own input", arguments: allNames.filter { !mayCopyThrough.contains($0) })
    func neverCopiesThrough(rule: String) throws {
        let inputs = Fixtures.samples(for: rule, count: 500)
        let outputs = try Fixtures.apply(rule, inputs)
        for (input, output) in zip(inputs, outputs) {
            #expect(input != output)
        }
    }

    @Test("keep copies every value", arguments: [["a", nil, "", "ü ✓"] as [Field]])
    func keepCopies(values: [Field]) throws {
        #expect(try Fixtures.apply("keep", values) == values)
    }
}
