import Testing
import VeilCore

@testable import VeilMasking

@Suite("fake.*")
struct FakeRuleTests {
    static let kinds = [
        "first_name", "last_name", "full_name", "email", "phone", "street_address", "city", "postcode", "company",
        "username", "state", "country", "job_title", "date_of_birth", "date", "datetime", "time", "url", "domain",
        "word", "sentence", "paragraph", "integer", "decimal", "choice", "template",
    ]
    /// Kinds that write only text columns (the others also write numbers, dates or anything: see
    /// `FakeNumbersAndDatesTests`).
    static let textOnlyKinds = kinds.filter {
        !["date_of_birth", "date", "datetime", "time", "integer", "decimal", "choice"].contains($0)
    }

    /// Input values suited to a kind (phones and postcodes keep their input's shape).
    static func inputs(_ kind: String, count: Int) -> [String] {
        switch kind {
        case "phone":
            return Fixtures.distinct(count, seed: 21) { random in
                "+1 (\(Fixtures.digits(3, &random))) 555-"
                    + Fixtures.digits(4, &random)
            }
        case "postcode":
            return Fixtures.distinct(count, seed: 22) { random in Fixtures.digits(5, &random) }
        case "date_of_birth", "date", "datetime", "time", "integer", "decimal":
            return SyntheticSamples.samples(for: "fake.\(kind)", count: count)!
        default:
            return (0..<count).map { "customer \($0)" }
        }
    }

    /// Distinct outputs expected from 10,000 distinct inputs, with margin, from each kind's space:
    /// N equally likely outputs give N(1 - e^(-10000/N)) distinct on average.
    /// - first_name: 746 names, all ~746 expected; last_name: 635, all expected; city: 209.
    /// - full_name: ~470,000 plain combinations, ~106 duplicates expected.
    /// - email: ~2^53 addresses: no duplicate expected.
    /// - phone: 10^7 free digit combinations here, ~5 duplicates; postcode: 10^5, ~9,500 distinct.
    /// - street_address: 35 million combinations, ~1.5 duplicates.
    /// - company: the `Brand Suffix` pattern (1 in 5) has only 1,330 combinations, ~1,000 repeats.
    /// - first_name: ~3,100 names (locale any), ~2,980 expected; last_name: ~3,300 surnames, weighted.
    /// - username, url, template: 2^32 and more; datetime: 8×10^8 seconds; integer 10^6; decimal 10^5 cents.
    /// - date_of_birth: ~26,000 days, ~8,200 expected; date: ~9,500 days, ~6,600 expected; time: 86,400.
    /// - state: 51 US states and DC; country: 249; choice: yes/no; word: ~1,650; job_title: ~4,800, skewed.
    /// - sentence and paragraph inputs here are ~12 characters: two or three words, ~10^6 combinations.
    static let minimumDistinct: [String: Int] = [
        "first_name": 2_800, "last_name": 2_000, "full_name": 9_800, "email": 10_000, "phone": 9_950,
        "street_address": 9_980, "city": 195, "postcode": 9_300, "company": 8_500, "username": 9_990,
        "state": 51, "country": 240, "job_title": 2_500, "date_of_birth": 7_800, "date": 6_000,
        "datetime": 9_990, "time": 9_300, "url": 10_000, "domain": 9_990, "word": 1_550, "sentence": 9_000,
        "paragraph": 9_000, "integer": 9_900, "decimal": 9_400, "choice": 2, "template": 9_900,
    ]

    @Test("10,000 inputs give realistically many distinct fakes", arguments: kinds)
    func distinctness(kind: String) throws {
        let inputs = Self.inputs(kind, count: 10_000)
        let outputs = try Fixtures.strings("fake.\(kind)", inputs)
        let distinct = Set(outputs).count
        #expect(distinct >= Self.minimumDistinct[kind]!, "\(distinct) distinct")
    }

    @Test("never returns its own input", arguments: kinds)
    func neverItsInput(kind: String) throws {
        let inputs: [String] =
            switch kind {
            case "first_name", "full_name": WordLists.anyFirstNames
            case "last_name": WordLists.anyLastNames
            case "city": WordLists.cities
            case "state": WordLists.states.filter { $0[0] == "us" }.map { $0[2] }
            case "country": WordLists.countries.map { $0[2] }
            case "word": WordLists.loremWords
            case "job_title": WordLists.jobTitles
            case "choice": ["yes", "no"]
            case "postcode": ["1", "12", "A", "b"]
            case "phone": ["0", "1", "+1", "12"]
            default: Self.inputs(kind, count: 50)
            }
        let outputs = try Fixtures.strings("fake.\(kind)", inputs)
        for (input, output) in zip(inputs, outputs) { #expect(input != output) }
    }

    @Test("fits a varchar column", arguments: kinds, [3, 12, 25])
    func fitsTheColumn(kind: String, length: Int) throws {
        let outputs = try Fixtures.strings(
            "fake.\(kind)", Self.inputs(kind, count: 300), type: "character varying(\(length))")
        #expect(outputs.allSatisfy { $0.unicodeScalars.count <= length })
    }

    @Test func emailsUseReservedDomainsAndPlainASCII() throws {
        let outputs = try Fixtures.strings("fake.email", Self.inputs("email", count: 3000))
        let localCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789._")
        var domains = Set<String>()
        for email in outputs {
            let parts = email.split(separator: "@")
            #expect(parts.count == 2)
            let local = try #require(parts.first)
            let domain = String(try #require(parts.last))
            domains.insert(domain)
            #expect(EmailGenerator.domains.contains(domain))
            #expect(local.allSatisfy(localCharacters.contains) && local.count >= 8)
            #expect(local.first != "." && !local.contains(".."))
        }
        #expect(domains.count == 3)
    }

    @Test func shortEmailColumnsKeepTheDomain() throws {
        let outputs = try Fixtures.strings(
            "fake.email", Self.inputs("email", count: 500), type: "character varying(25)")
        for email in outputs {
            #expect(email.count <= 25)
            #expect(EmailGenerator.domains.contains(String(email.split(separator: "@").last ?? "")))
        }
    }

    @Test(
        "phones keep their shape",
        arguments: ["+44 20 7946 0958", "(555) 123-4567", "020 7946 0958", "+1-202-555-0143 ext. 12", "5551234"])
    func phoneShape(input: String) throws {
        let output = try #require(try Fixtures.strings("fake.phone", [input]).first)
        #expect(output.count == input.count && output != input)
        for (a, b) in zip(input, output) {
            #expect(a.isNumber == b.isNumber)
            if !a.isNumber { #expect(a == b) }
        }
        let firstIn = try #require(input.first { $0.isNumber })
        let firstOut = try #require(output.first { $0.isNumber })
        #expect((firstIn == "0") == (firstOut == "0"))
    }

    @Test func phonesWithoutDigitsGetAFictionalNumber() throws {
        let output = try #require(try Fixtures.strings("fake.phone", ["unknown"]).first)
        #expect(output.hasPrefix("+1-555-01") && output.count == 11)
    }

    @Test("postcodes keep their shape", arguments: ["90210", "SW1A 1AA", "H3Z 2Y7", "75008", "1234 AB", "sw1a"])
    func postcodeShape(input: String) throws {
        let output = try #require(try Fixtures.strings("fake.postcode", [input]).first)
        #expect(output.count == input.count && output != input)
        for (a, b) in zip(input, output) {
            #expect(a.isNumber == b.isNumber && a.isUppercase == b.isUppercase && a.isLowercase == b.isLowercase)
            if !a.isNumber && !a.isLetter { #expect(a == b) }
        }
    }

    @Test func streetAddressesLookLikeAddresses() throws {
        let outputs = try Fixtures.strings("fake.street_address", Self.inputs("street_address", count: 500))
        for address in outputs {
            let words = address.split(separator: " ")
            let number = try #require(Int(words[0]))
            #expect((1...9999).contains(number))
            #expect(WordLists.streetSuffixes.contains(String(try #require(words.last))))
        }
    }

    @Test func namesComeFromTheLists() throws {
        let inputs = Self.inputs("first_name", count: 500)
        let first = try Fixtures.strings("fake.first_name", inputs)
        let last = try Fixtures.strings("fake.last_name", inputs)
        let full = try Fixtures.strings("fake.full_name", inputs)
        #expect(first.allSatisfy(Set(WordLists.anyFirstNames).contains))
        let lastNames = Set(
            WordLists.anyLastNames
                + ["pl", "ru"].flatMap { locale in
                    WordLists.localeNames[locale]!.last.map { PersonNames.feminine($0, locale: locale) }
                })
        #expect(last.allSatisfy(lastNames.contains))
        // Latin-script full names start with a listed given name (ja and zh ones start with the surname).
        let latin = full.filter { $0.unicodeScalars.allSatisfy { $0.value < 0x0400 } }
        #expect(latin.count > 350)
        #expect(latin.allSatisfy { name in WordLists.anyFirstNames.contains { name.hasPrefix($0 + " ") } })
        #expect(Set(full.map { $0.split(separator: " ").count }).isSuperset(of: [1, 2, 3]))
    }

    @Test("text-only rules refuse non-text columns", arguments: textOnlyKinds)
    func nonTextColumns(kind: String) {
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("fake.\(kind)", type: "integer") }
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("fake.\(kind)", type: "date") }
    }
}

@Suite("word lists")
struct WordListTests {
    @Test func listsAreLargeCleanAndUnique() {
        #expect(WordLists.firstNames.count >= 500)
        #expect(WordLists.lastNames.count >= 500)
        #expect(WordLists.cities.count >= 200)
        for (name, list) in WordLists.all {
            #expect(!list.isEmpty, "\(name)")
            #expect(Set(list).count == list.count, "\(name) has duplicates")
            #expect(list.allSatisfy { $0 == $0.trimmingWhitespace && !$0.isEmpty }, "\(name)")
        }
    }

    @Test func listsIncludeNonASCIIAndApostrophes() {
        for name in ["José", "Zoë", "Łukasz"] { #expect(WordLists.firstNames.contains(name)) }
        for name in ["O'Brien", "D'Angelo", "Müller", "van Dijk"] { #expect(WordLists.lastNames.contains(name)) }
    }

    @Test(
        "names fold to ASCII for emails",
        arguments: [
            ("Łukasz", "lukasz"), ("O'Brien", "obrien"), ("Zoë", "zoe"), ("van der Berg", "vanderberg"),
            ("Søren", "soren"), ("Seo-yeon", "seoyeon"), ("Ştefan", "stefan"), ("ß", "ss"),
        ])
    func folding(name: String, folded: String) {
        #expect(ASCIIFolding.emailLocalPart(name) == folded)
    }

    @Test func everyFoldedNameIsPlainLowercaseASCII() {
        for name in WordLists.firstNamesForEmail + WordLists.lastNamesForEmail {
            #expect(!name.isEmpty && name.utf8.allSatisfy { (0x61...0x7A).contains($0) }, "\(name)")
        }
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
