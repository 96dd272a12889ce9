import Testing
import VeilCore

@testable import VeilMasking

@Suite("fake text kinds")
struct SyntheticKindsTests {
    static let inputs = (0..<2000).map { "row \($0)" }

    /// Inputs of every length from 1 to 400 characters, several of each.
    static let texts: [String] = (0..<1200).map { index in
        let length = 1 + index % 400
        return String(String(repeating: "Lorem ipsum \(index) dolor ", count: 40).prefix(length))
    }

    @Test("sentences and paragraphs are within ±20% of the input's length", arguments: ["sentence", "paragraph"])
    func textLength(kind: String) throws {
        let outputs = try Fixtures.strings("fake.\(kind)", Self.texts)
        for (input, output) in zip(Self.texts, outputs) {
            let (target, length) = (input.count, output.count)
            #expect(length <= target && length >= target - 2, "\(target) → \(length)")
            if target >= 3 {
                #expect(Double(length) >= 0.8 * Double(target) && Double(length) <= 1.2 * Double(target))
                #expect(output.first!.isUppercase && output.last == ".", "\(output)")
            }
            #expect(!output.contains("  ") && !output.contains(",.") && !output.contains(" ."))
        }
    }

    @Test("sentences and paragraphs fit a varchar as long as the input", arguments: ["sentence", "paragraph"])
    func textFitsTheColumn(kind: String) throws {
        for length in [1, 2, 5, 17, 80, 255] {
            let inputs = Self.texts.filter { $0.count == length }
            let outputs = try Fixtures.strings("fake.\(kind)", inputs, type: "character varying(\(length))")
            #expect(outputs.allSatisfy { $0.count <= length })
        }
    }

    @Test func paragraphsHaveSeveralSentencesAndSentencesOne() throws {
        let long = Self.texts.filter { $0.count > 300 }
        let paragraphs = try Fixtures.strings("fake.paragraph", long)
        #expect(paragraphs.allSatisfy { $0.filter { $0 == "." }.count >= 3 })
        let sentences = try Fixtures.strings("fake.sentence", long)
        #expect(sentences.allSatisfy { $0.filter { $0 == "." }.count == 1 })
        let words = Set(WordLists.loremWords.map { $0.lowercased() })
        for text in paragraphs + sentences {
            for word in text.split(whereSeparator: { " .,".contains($0) }) {
                #expect(words.contains(word.lowercased()), "\(word)")
            }
        }
    }

    @Test func wordsComeFromTheList() throws {
        let outputs = try Fixtures.strings("fake.word", Self.inputs)
        #expect(outputs.allSatisfy(Set(WordLists.loremWords).contains))
    }

    @Test func usernamesAreLowercaseHandlesWithDigits() throws {
        let outputs = try Fixtures.strings("fake.username", Self.inputs)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._")
        for name in outputs {
            #expect(name.allSatisfy(allowed.contains), "\(name)")
            #expect(name.last!.isNumber && name.first!.isLetter, "\(name)")
            #expect(!name.contains("..") && !name.contains("._"))
        }
        #expect(outputs.contains { $0.contains(".") } && outputs.contains { $0.contains("_") })
        let short = try Fixtures.strings("fake.username", Self.inputs, type: "character varying(8)")
        #expect(short.allSatisfy { $0.count <= 8 && $0.last!.isNumber })
    }

    @Test func urlsAndDomainsUseReservedNames() throws {
        for url in try Fixtures.strings("fake.url", Self.inputs) {
            #expect(url.hasPrefix("https://"))
            let host = String(url.dropFirst(8).prefix { $0 != "/" })
            #expect(EmailGenerator.domains.contains { host == $0 || host.hasSuffix("." + $0) }, "\(host)")
            #expect(url.allSatisfy { $0.isASCII && !$0.isWhitespace && !$0.isUppercase })
            #expect(url.split(separator: "/").count == 4)
        }
        for domain in try Fixtures.strings("fake.domain", Self.inputs) {
            #expect(DomainGenerator.suffixes.contains { domain.hasSuffix("." + $0) }, "\(domain)")
            #expect(domain.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "-" || $0 == ".") && !$0.isUppercase })
        }
    }

    @Test(
        "states by country and format",
        arguments: [("us", "name", "California"), ("us", "code", "CA"), ("de", "name", "Bayern"), ("jp", "code", "13")])
    func states(country: String, format: String, example: String) throws {
        let arguments: [String: ParameterValue] = ["country": .string(country), "format": .string(format)]
        let outputs = try Fixtures.strings("fake.state", Self.inputs, arguments)
        let expected = Set(WordLists.states.filter { $0[0] == country }.map { $0[format == "code" ? 1 : 2] })
        #expect(Set(outputs) == expected)
        #expect(expected.contains(example))
    }

    @Test func statesOfAnyCountry() throws {
        let outputs = try Fixtures.strings("fake.state", Self.inputs, ["country": .string("any")])
        #expect(Set(outputs).count > 250)
        #expect(WordLists.states.count > 300)
    }

    @Test(
        "countries by format", arguments: [("name", "Germany"), ("alpha2", "DE"), ("alpha3", "DEU")])
    func countries(format: String, example: String) throws {
        let outputs = try Fixtures.strings("fake.country", Self.inputs, ["format": .string(format)])
        #expect(Set(outputs).count > 230)
        let column = ["alpha2": 0, "alpha3": 1, "name": 2][format]!
        #expect(Set(WordLists.countries.map { $0[column] }).isSuperset(of: outputs))
        #expect(WordLists.countries.contains { $0[column] == example })
        if format != "name" { #expect(outputs.allSatisfy { $0.count == (format == "alpha2" ? 2 : 3) }) }
        #expect(WordLists.countries.count == 249)
    }

    @Test func jobTitlesMixOccupationsAndComposedTitles() throws {
        let outputs = try Fixtures.strings("fake.job_title", Self.inputs)
        let standalone = outputs.filter(Set(WordLists.jobTitles).contains).count
        #expect(standalone > 600 && standalone < 1000)
        let composed = outputs.filter { !WordLists.jobTitles.contains($0) }
        #expect(composed.allSatisfy { title in JobTitleGenerator.roles.contains { title.hasSuffix(" " + $0) } })
    }

    @Test(
        "lorem text lands on its target length",
        arguments: [3, 4, 10, 11, 12, 13, 20, 57, 333, 4096])
    func loremLength(target: Int) {
        for seed in 0..<200 {
            var random = Fixtures.random(UInt64(seed))
            let text = LoremText.text(target: target, maximumLength: nil, sentenceWords: 5...14, random: &random)
            #expect(text.count <= target && text.count >= target - 2, "\(target): \(text)")
        }
    }
}

@Suite("fake username word lists")
struct UsernameListTests {
    @Test func foldedNamesArePlainLowercaseASCIIAndMany() {
        for list in [WordLists.foldedFirstNames, WordLists.foldedLastNames] {
            #expect(list.count > 2_000)
            #expect(Set(list).count == list.count)
            #expect(list.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { (0x61...0x7A).contains($0) } })
        }
        #expect(WordLists.foldedFirstNames.contains("aleksandr") && WordLists.foldedLastNames.contains("smirnov"))
    }
}
