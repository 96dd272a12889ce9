import Testing
import VeilCore

@testable import VeilMasking

/// `email` on internationalized addresses (RFC 6531): the whole local part is transformed, whatever its script.
@Suite("email, internationalized addresses")
struct EmailInternationalTests {
    static let inputs = InternationalEmailSamples.addresses(3000, seed: 131)

    static func transformer(_ arguments: [String: ParameterValue] = [:], ring: MaskingKeyRing = Fixtures.ring) throws
        -> EmailTransformer
    {
        try EmailRuleTests.transformer(arguments, ring: ring)
    }

    /// Whether `local` has at least 10^6 possible values, so that `mail_domain: keep` encrypts it reversibly: the
    /// product of 36 per ASCII letter or digit and of the class size per other letter or digit.
    static func isLarge(_ local: Substring) -> Bool {
        var size = 1.0
        for scalar in local.unicodeScalars {
            if scalar.isASCII {
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) { size *= 36 }
            } else if let member = LetterClass.member(scalar.value) {
                size *= Double(LetterClass.all[member.classIndex].count)
            }
        }
        return size >= 1_000_000
    }

    /// The outputs of ``inputs`` under `mail_domain`, with the runs of four letters of each input's local part that
    /// survive in what the rule made of it.
    static func survivors(_ domain: String, ring: MaskingKeyRing) throws -> (outputs: [String], runs: [[String]]) {
        let outputs = try EmailRuleTests.mask(try transformer(["mail_domain": .string(domain)], ring: ring), inputs)
        let runs = try zip(inputs, outputs).map { input, output in
            InternationalEmailSamples.survivingRuns(
                of: input, in: try InternationalEmailSamples.maskedPart(of: output, mailDomain: domain))
        }
        return (outputs, runs)
    }

    /// FF1's outputs are pseudo-random letters of each class, so a run of four letters of the input can reappear
    /// somewhere in the output by pure chance — for a name of twelve Russian letters about once in 10^4 addresses —
    /// exactly as in a random string. No bijection can rule that out. What must never happen is a run carried over:
    /// encoding 1 copied every non-ASCII letter, so the same runs survived under every key. So: no run survives
    /// under two unrelated key stores, and under one key only the rare chance repeat (at most 3 in 3,000 addresses,
    /// where about 0.3 are expected; copying would give thousands).
    @Test(
        "no run of four letters of an input's local part is carried into its output",
        arguments: ["example", "keep", "tokenize"])
    func nothingOfTheLocalPartSurvives(domain: String) throws {
        let (outputs, runs) = try Self.survivors(domain, ring: Fixtures.ring)
        let (_, otherRuns) = try Self.survivors(domain, ring: Fixtures.otherRing)
        var chance = 0
        for index in Self.inputs.indices where !runs[index].isEmpty {
            chance += 1
            let carried = Set(runs[index]).intersection(otherRuns[index])
            #expect(carried.isEmpty, "\(Self.inputs[index]) → \(outputs[index]) keeps \(carried.sorted())")
        }
        #expect(chance <= 3, "\(chance) outputs repeat a run of four letters of their input")
    }

    @Test(
        "every domain mode is one-to-one and reveals every large enough input back",
        arguments: ["example", "keep", "tokenize"])
    func revealsBack(domain: String) throws {
        let transformer = try Self.transformer(["mail_domain": .string(domain)])
        let outputs = try EmailRuleTests.mask(transformer, Self.inputs)
        #expect(Set(outputs).count == Self.inputs.count)
        var revealed = 0
        for (input, output) in zip(Self.inputs, outputs) {
            let local = try EmailAddress(input).local
            if domain == "keep" && !Self.isLarge(local) {
                #expect(throws: ValueError.self) { try transformer.reveal(output) }
                continue
            }
            #expect(try transformer.reveal(output) == input)
            revealed += 1
        }
        #expect(revealed > Self.inputs.count * 9 / 10)
    }

    @Test("deterministic, and another key store gives other outputs")
    func determinismAndKeySeparation() throws {
        let first = try EmailRuleTests.mask(try Self.transformer(), Self.inputs)
        #expect(try EmailRuleTests.mask(try Self.transformer(), Self.inputs) == first)
        let other = try EmailRuleTests.mask(try Self.transformer(ring: Fixtures.otherRing), Self.inputs)
        #expect(zip(first, other).allSatisfy { $0 != $1 })
    }

    @Test(
        "the reported addresses lose their names",
        arguments: [
            "иван.иванов.984@mail.ru", "Иван.Иванов@Mail.RU", "james.иванов@corp.ru", "张伟@例子.中国",
            "josé.núñez@acme.es", "γιώργος.παπαδόπουλος@mail.gr", "ÇELİK.ŞAHİN@firma.com.tr",
        ])
    func reportedAddresses(input: String) throws {
        for domain in ["example", "keep", "tokenize"] {
            let transformer = try Self.transformer(["mail_domain": .string(domain)])
            let output = try EmailRuleTests.mask(transformer, [input])[0]
            let masked = try InternationalEmailSamples.maskedPart(of: output, mailDomain: domain)
            #expect(InternationalEmailSamples.survivingRuns(of: input, in: masked).isEmpty, "\(domain): \(output)")
            #expect(try transformer.reveal(output) == input)
        }
    }

    @Test(
        "local: fake draws ASCII local parts that carry nothing of a non-ASCII input",
        arguments: ["example", "keep", "tokenize"])
    func fakeLocalParts(domain: String) throws {
        let transformer = try Self.transformer(["local": .string("fake"), "mail_domain": .string(domain)])
        let outputs = try EmailRuleTests.mask(transformer, Self.inputs)
        for (input, output) in zip(Self.inputs, outputs) {
            let isASCII = try EmailAddress(output).local.allSatisfy { $0.isASCII }
            #expect(isASCII, "\(output)")
            let nonASCIIRuns = InternationalEmailSamples.survivingRuns(of: input, in: try EmailAddress(output).local)
                .filter {
                    !$0.allSatisfy(\.isASCII)
                }
            #expect(nonASCIIRuns.isEmpty, "\(input) → \(output)")
        }
    }
}
