import Foundation
import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("email")
struct EmailRuleTests {
    static func transformer(
        _ arguments: [String: ParameterValue] = [:], type: String = "text", ring: MaskingKeyRing = Fixtures.ring
    ) throws -> EmailTransformer {
        try #require(try Fixtures.transformer("email", arguments, ring: ring, type: type) as? EmailTransformer)
    }

    static func mask(_ transformer: EmailTransformer, _ inputs: [String]) throws -> [String] {
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        return try column.map { try #require($0) }
    }

    /// The punctuation layout: letters and digits as `x`, everything else as itself.
    static func shape(_ value: some StringProtocol) -> [String] {
        value.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? "x" : String($0) }
    }

    static func upperOffsets(_ value: some StringProtocol) -> [Int] {
        value.enumerated().filter { $0.element.isASCII && $0.element.isUppercase }.map(\.offset)
    }

    /// The case pattern holds: an all-lower (or letterless) input gives no upper case, an all-upper one
    /// no lower case, and a mixed one keeps its upper-case letters at the same offsets.
    static func keepsCase(_ input: some StringProtocol, _ output: some StringProtocol) -> Bool {
        let hasLower = input.contains { $0.isASCII && $0.isLowercase }
        let hasUpper = input.contains { $0.isASCII && $0.isUppercase }
        if !hasUpper { return upperOffsets(output).isEmpty }
        if !hasLower { return !output.contains { $0.isASCII && $0.isLowercase } && !upperOffsets(output).isEmpty }
        return upperOffsets(output) == upperOffsets(input) && output.contains { $0.isASCII && $0.isLowercase }
    }

    @Test("every domain mode is one-to-one and reveals back exactly", arguments: ["example", "keep", "tokenize"])
    func revealsAndOneToOne(domain: String) throws {
        let transformer = try Self.transformer(["mail_domain": .string(domain)])
        // Same local parts at many domains, mixed and upper case, plus the realistic samples.
        var inputs = NetworkSamples.emails(3000, seed: 71)
        inputs += NetworkSamples.domains.flatMap { ["john.smith@\($0)", "J.Smith@\($0)", "JOHN@\($0)", "jo@\($0)"] }
        let outputs = try Self.mask(transformer, inputs)
        #expect(Set(outputs).count == inputs.count)
        for (input, output) in zip(inputs, outputs) {
            #expect(output != input)
            let local = try EmailAddress(input).local
            // Short local parts under domain: keep are mapped one-way by design.
            if domain == "keep" && local.count(where: { $0.isLetter || $0.isNumber }) < 4 { continue }
            #expect(try transformer.reveal(output) == input)
        }
    }

    @Test func keepModeKeepsDomainLengthAndShape() throws {
        let transformer = try Self.transformer(["mail_domain": .string("keep")])
        let inputs = NetworkSamples.emails(2000, seed: 72)
        let outputs = try Self.mask(transformer, inputs)
        for (input, output) in zip(inputs, outputs) {
            #expect(try EmailAddress(output).domain == EmailAddress(input).domain)
            #expect(Self.shape(output) == Self.shape(input))
            #expect(Self.keepsCase(try EmailAddress(input).local, try EmailAddress(output).local))
        }
    }

    @Test func tokenizeModeKeepsTopLevelDomainAndMapsEachDomainAlike() throws {
        let transformer = try Self.transformer(["mail_domain": .string("tokenize")])
        let inputs = NetworkSamples.emails(2000, seed: 73)
        let outputs = try Self.mask(transformer, inputs)
        var masked: [Substring: Set<Substring>] = [:]
        for (input, output) in zip(inputs, outputs) {
            let (a, b) = (try EmailAddress(input), try EmailAddress(output))
            #expect(b.topLevel == a.topLevel)
            #expect(Self.shape(output) == Self.shape(input))
            #expect(Self.keepsCase(input, output))
            if a.labels.count(where: \.isLetter) >= 4 && a.local.count(where: { $0.isLetter || $0.isNumber }) >= 4 {
                masked[a.domain, default: []].insert(b.domain)
            }
        }
        #expect(!masked.isEmpty)
        for (_, domains) in masked { #expect(domains.count == 1) }
        // Distinct domains stay distinct.
        #expect(Set(masked.values.compactMap(\.first)).count == masked.count)
    }

    @Test("example mode (encoding 3): L@D.example.xxx, each part in its own characters, reversible")
    func exampleModeWritesASubdomainOfAnExampleDomain() throws {
        let transformer = try Self.transformer()
        let inputs = ["a.b@x.com", "a.b@y.com", "Ann.Lee@Acme.CO.uk", "john.smith@my-company.com", "x@localhost"]
        let outputs = try Self.mask(transformer, inputs)
        #expect(outputs[0] != outputs[1])
        for (input, output) in zip(inputs, outputs) {
            let address = try EmailAddress(output)
            let domain = String(address.domain)
            let suffix = try #require(EmailGenerator.domains.first { domain.hasSuffix("." + $0) }, "\(output)")
            #expect(!output.contains("%"))
            #expect(output.count == input.count + 12)
            // The encrypted `local@domain` keeps the punctuation layout of each part in its part.
            #expect(Self.shape(output.dropLast(suffix.count + 1)) == Self.shape(input))
            #expect(try transformer.reveal(output) == input)
        }
        // A conservative CHECK the original passes, the output passes.
        let check = try Regex("^[a-z0-9.]+@[a-z0-9.-]+\\.[a-z]{2,}$")
        #expect(try check.wholeMatch(in: outputs[3]) != nil, "\(outputs[3])")
        // Encoding 3 writes the same encrypted text as encoding 2, only the `@` and the domain differ.
        let two = try Self.mask(Self.transformer(["encoding": .integer(2)]), inputs)
        for (old, new) in zip(two, outputs) {
            let address = try EmailAddress(old)
            #expect(new == address.local.replacingOccurrences(of: "%", with: "@") + "." + address.domain)
        }
    }

    @Test func exampleModeHidesTheDomainInsideTheLocalPartUnderEncodingTwo() throws {
        let transformer = try Self.transformer(["encoding": .integer(2)])
        let outputs = try Self.mask(transformer, ["a.b@x.com", "a.b@y.com", "Ann.Lee@Acme.CO.uk"])
        #expect(outputs[0] != outputs[1])
        for output in outputs {
            let address = try EmailAddress(output)
            #expect(EmailGenerator.domains.contains(String(address.domain)))
            #expect(address.local.contains("%"))
            #expect(!address.local.contains("x.com") && !address.local.contains("Acme"))
        }
        // Layout: `L%D` keeps the punctuation of local@domain, with '@' written as '%'.
        #expect(Self.shape(String(try EmailAddress(outputs[2]).local)) == Self.shape("Ann.Lee%Acme.CO.uk"))
        #expect(try transformer.reveal(outputs[2]) == "Ann.Lee@Acme.CO.uk")
    }

    @Test(
        "case pattern is kept exactly",
        arguments: ["lower.case@a.com", "UPPER.CASE@B.COM", "Mixed.Case@c.org", "x9Y8z7W6@d.net"])
    func casePattern(input: String) throws {
        for domain in ["example", "keep", "tokenize"] {
            let transformer = try Self.transformer(["mail_domain": .string(domain)])
            let output = try Self.mask(transformer, [input])[0]
            if domain != "example" {
                #expect(Self.keepsCase(input, output))
            }
            #expect(try transformer.reveal(output) == input)
        }
    }

    @Test func fakeLocalPartsLookLikeNamesAndFollowTheDomainMode() throws {
        let inputs = NetworkSamples.emails(1000, seed: 74)
        for domain in ["example", "keep", "tokenize"] {
            let transformer = try Self.transformer(["local": .string("fake"), "mail_domain": .string(domain)])
            let outputs = try Self.mask(transformer, inputs)
            #expect(Set(outputs).count == inputs.count)
            for (input, output) in zip(inputs, outputs) {
                let (a, b) = (try EmailAddress(input), try EmailAddress(output))
                #expect(b.local.split(separator: ".").last?.count == 6)
                switch domain {
                case "keep": #expect(b.domain == a.domain)
                case "tokenize": #expect(b.topLevel == a.topLevel && b.domain.count == a.domain.count)
                default: #expect(EmailGenerator.domains.contains(String(b.domain)))
                }
            }
            #expect(throws: ValueError.self) { try transformer.reveal(outputs[0]) }
        }
        let definition = try #require(BuiltinRules.named("email"))
        #expect(definition.oneWayReason(["local": .string("fake"), "mail_domain": .string("example")]) != nil)
        #expect(definition.outputBits(["local": .string("fake")]) == 53)
        #expect(definition.isBijective(["local": .string("tokenize"), "mail_domain": .string("example")]))
        #expect(definition.isBijective(["local": .string("tokenize"), "mail_domain": .string("tokenize")]))
        #expect(!definition.isBijective(["local": .string("tokenize"), "mail_domain": .string("keep")]))
    }

    @Test func keySeparationAndDeterminism() throws {
        let inputs = NetworkSamples.emails(1000, seed: 75)
        let first = try Self.mask(try Self.transformer(), inputs)
        #expect(try Self.mask(try Self.transformer(), inputs) == first)
        let other = try Self.mask(try Self.transformer(ring: Fixtures.otherRing), inputs)
        #expect(zip(first, other).allSatisfy { $0 != $1 })
    }

    @Test(
        "values that are not addresses are refused by row, never quoting the value",
        arguments: ["no-at-sign", "@nolocal.com", "nodomain@"])
    func notAnAddress(value: String) throws {
        let transformer = try Self.transformer()
        var column: [Field] = ["a.b@c.com", value]
        let error = try #require(throws: MaskingError.self) { try transformer.transform(&column, related: []) }
        #expect(error.rowIndex == 1)
        #expect(!reveals(error, value))
    }

    @Test func columnFit() throws {
        // domain: example adds 12 characters: refused when the column is too short.
        let short = try Self.transformer(type: "character varying(20)")
        var column: [Field] = ["john.smith@acme.com"]
        #expect(throws: MaskingError.self) { try short.transform(&column, related: []) }
        #expect(try Self.mask(try Self.transformer(type: "varchar(31)"), ["john.smith@acme.com"])[0].count == 31)
        // keep and tokenize keep the length; fake shortens the name to fit.
        let keep = try Self.transformer(["mail_domain": .string("keep")], type: "varchar(19)")
        #expect(try Self.mask(keep, ["john.smith@acme.com"])[0].count == 19)
        let fake = try Self.transformer(
            ["local": .string("fake"), "mail_domain": .string("keep")], type: "varchar(24)")
        let faked = try Self.mask(fake, NetworkSamples.emails(200, seed: 76))
        #expect(faked.allSatisfy { $0.count <= 24 && $0.contains("@") })
        #expect(throws: RuleConfigurationError.self) { try Self.transformer(type: "integer") }
    }

    @Test func longAddressesStayReversibleAndKeepTheirLocalPartLength() throws {
        let input = String(repeating: "a", count: 60) + "@" + String(repeating: "b", count: 40) + ".com"
        // Encoding 3: the local part is as long as the original's, within RFC 5321's 64 when the original is.
        let transformer = try Self.transformer()
        let output = try Self.mask(transformer, [input])[0]
        #expect(try EmailAddress(output).local.count == 60)
        #expect(try transformer.reveal(output) == input)
        // Encoding 2 wrote the domain into the local part, past the limit, and stays reversible too.
        let two = try Self.transformer(["encoding": .integer(2)])
        let old = try Self.mask(two, [input])[0]
        #expect(try EmailAddress(old).local.count > 64)
        #expect(try two.reveal(old) == input)
        // Encoding 3 reveals the tokens encoding 2 wrote: the encrypted text is the same.
        #expect(try transformer.reveal(old) == input)
    }

    @Test func shortPartsAreMappedOneWayAndConsistently() throws {
        // Under domain: keep a local part of fewer than four letters and digits cannot be encrypted.
        let keep = try Self.transformer(["mail_domain": .string("keep")])
        let inputs = ["jo@acme.com", "al@acme.com", "x.y@acme.com"]
        let outputs = try Self.mask(keep, inputs)
        for (input, output) in zip(inputs, outputs) {
            #expect(output != input)
            #expect(output.hasSuffix("@acme.com"))
            #expect(Self.shape(output) == Self.shape(input))
            #expect(throws: ValueError.self) { try keep.reveal(output) }
        }
        // A short tokenized domain (two letters before the TLD) maps alike for every address.
        let fake = try Self.transformer(["local": .string("fake"), "mail_domain": .string("tokenize")])
        let domains = try Self.mask(fake, ["ann@qq.com", "bob@qq.com", "carl@qq.com"]).map {
            try EmailAddress($0).domain
        }
        #expect(Set(domains).count == 1)
        #expect(domains[0] != "qq.com" && domains[0].hasSuffix(".com"))
    }
}
