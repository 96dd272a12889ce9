import Foundation
import Testing
import VeilCore

@testable import VeilMasking

@Suite("fake names: locales and genders")
struct FakeLocaleTests {
    static let inputs = (0..<400).map { "person \($0)" }

    @Test("every locale's names come from its own lists", arguments: PersonNames.locales)
    func namesFromTheLocale(locale: String) throws {
        let names = try #require(WordLists.localeNames[locale])
        let first = try Fixtures.strings("fake.first_name", Self.inputs, ["locale": .string(locale)])
        let last = try Fixtures.strings("fake.last_name", Self.inputs, ["locale": .string(locale)])
        #expect(first.allSatisfy(Set(names.first).contains))
        let surnames = Set(names.last + names.last.map { PersonNames.feminine($0, locale: locale) })
        #expect(last.allSatisfy(surnames.contains))
        #expect(Set(first).count > 120 && Set(last).count > 80)
    }

    @Test(
        "ja, zh and ru names are in their own scripts; pl names use Polish letters",
        arguments: [("ja", 0x3040...0x9FFF), ("zh", 0x4E00...0x9FFF), ("ru", 0x0400...0x04FF), ("pl", 0x0100...0x017F)])
    func nativeScripts(locale: String, range: ClosedRange<UInt32>) throws {
        for rule in ["fake.first_name", "fake.last_name", "fake.full_name"] {
            let outputs = try Fixtures.strings(rule, Self.inputs, ["locale": .string(locale)])
            let native = outputs.filter { $0.unicodeScalars.contains { range.contains($0.value) } }
            if locale == "pl" {
                #expect(native.count > 20, "\(rule): \(native.count) with Polish letters")
            } else {
                #expect(native.count == outputs.count, "\(rule)")
            }
            #expect(outputs.allSatisfy { $0 == $0.precomposedStringWithCanonicalMapping })
        }
    }

    @Test func fullNamesFollowTheLocalesCustoms() throws {
        let zh = try Fixtures.strings("fake.full_name", Self.inputs, ["locale": .string("zh")])
        #expect(zh.allSatisfy { !$0.contains(" ") && (2...4).contains($0.count) })
        #expect(zh.allSatisfy { name in WordLists.localeNames["zh"]!.last.contains { name.hasPrefix($0) } })
        let ja = try Fixtures.strings("fake.full_name", Self.inputs, ["locale": .string("ja")])
        for name in ja {
            let parts = name.split(separator: " ").map(String.init)
            #expect(parts.count == 2 && WordLists.localeNames["ja"]!.last.contains(parts[0]))
        }
        let es = try Fixtures.strings("fake.full_name", Self.inputs, ["locale": .string("es")])
        let twoSurnames = es.filter { $0.split(separator: " ").count >= 3 }.count
        #expect(twoSurnames > 120 && twoSurnames < 300)
    }

    @Test("female names take feminine surnames in pl and ru", arguments: ["pl", "ru"])
    func surnamesAgree(locale: String) throws {
        let names = try #require(WordLists.localeNames[locale])
        for (gender, givenNames) in [("female", names.female), ("male", names.male)] {
            let outputs = try Fixtures.strings(
                "fake.full_name", Self.inputs, ["locale": .string(locale), "gender": .string(gender)])
            let masculine = ["ski", "cki", "ов", "ев", "ин", "ский"]
            let feminine = ["ska", "cka", "ова", "ева", "ина", "ская"]
            for name in outputs {
                let given = String(name.split(separator: " ")[0])
                #expect(givenNames.contains(given), "\(given)")
                let endings = gender == "female" ? masculine : feminine
                #expect(!endings.contains { name.hasSuffix($0) }, "\(name)")
            }
        }
    }

    @Test(
        "feminine surname forms",
        arguments: [
            ("Kowalski", "pl", "Kowalska"), ("Zawadzki", "pl", "Zawadzka"), ("Nowak", "pl", "Nowak"),
            ("Смирнов", "ru", "Смирнова"), ("Достоевский", "ru", "Достоевская"), ("Пушкин", "ru", "Пушкина"),
            ("Толстой", "ru", "Толстая"), ("Шевченко", "ru", "Шевченко"), ("Kowalski", "de", "Kowalski"),
        ])
    func feminineForms(surname: String, locale: String, expected: String) {
        #expect(PersonNames.feminine(surname, locale: locale) == expected)
    }

    @Test("gender picks from that gender's list", arguments: ["en", "de", "ja"])
    func genders(locale: String) throws {
        let names = try #require(WordLists.localeNames[locale])
        let female = try Fixtures.strings(
            "fake.first_name", Self.inputs, ["locale": .string(locale), "gender": .string("female")])
        let male = try Fixtures.strings(
            "fake.first_name", Self.inputs, ["locale": .string(locale), "gender": .string("male")])
        #expect(female.allSatisfy(Set(names.female).contains))
        #expect(male.allSatisfy(Set(names.male).contains))
    }

    @Test func anyLocaleMixesScriptsAndLanguages() throws {
        let first = try Fixtures.strings("fake.first_name", (0..<5000).map { "p\($0)" })
        let cjk = first.filter { $0.unicodeScalars.contains { (0x3040...0x9FFF).contains($0.value) } }.count
        let cyrillic = first.filter { $0.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) } }.count
        #expect(cjk > 250 && cjk < 1000, "\(cjk)")
        #expect(cyrillic > 50 && cyrillic < 400, "\(cyrillic)")
        #expect(WordLists.anyFirstNames.count >= 2_500)
    }

    @Test("locale names are keyed and never their input", arguments: ["ja", "ru", "pl"])
    func keyedAndNeverTheInput(locale: String) throws {
        let names = try #require(WordLists.localeNames[locale])
        let arguments: [String: ParameterValue] = ["locale": .string(locale)]
        let first = try Fixtures.strings("fake.first_name", names.first, arguments)
        #expect(zip(names.first, first).allSatisfy { $0 != $1 })
        let last = try Fixtures.strings("fake.last_name", names.last, arguments)
        #expect(zip(names.last, last).allSatisfy { $0 != $1 })
        let full = try Fixtures.strings("fake.full_name", Self.inputs, arguments)
        #expect(try Fixtures.strings("fake.full_name", Self.inputs, arguments) == full)
        let otherKey = try Fixtures.strings("fake.full_name", Self.inputs, arguments, ring: Fixtures.otherRing)
        #expect(zip(full, otherKey).filter { $0 == $1 }.count < 5)
        let otherDomain = try Fixtures.strings("fake.full_name", Self.inputs, arguments, domain: "public.staff.name")
        #expect(zip(full, otherDomain).filter { $0 == $1 }.count < 5)
    }

    @Test func unknownLocaleOrGenderIsRefused() {
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("fake.first_name", ["locale": .string("xx")])
        }
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("fake.full_name", ["gender": .string("other")])
        }
    }

    /// A 1 M-row name column gets hundreds of thousands of distinct full names and thousands of
    /// distinct given names, not a few hundred. The generators are fed one independent stream per row
    /// (as the rule's keyed digests give them), skipping the HMAC to keep the test to a few seconds;
    /// the rule itself is checked on 50,000 rows.
    @Test func aMillionRowsGetManyDistinctNames() throws {
        let generators: [(String, any SyntheticGenerator, Int)] = [
            ("full_name", FullNameGenerator(), 100_000), ("first_name", FirstNameGenerator(), 2_000),
        ]
        for (kind, generator, minimum) in generators {
            var distinct = Set<String>()
            for row in 0..<1_000_000 {
                var random = Self.stream(row)
                distinct.insert(generator.generate(for: "", random: &random, maximumLength: nil))
            }
            print("fake.\(kind): \(distinct.count) distinct of 1,000,000 rows")
            #expect(distinct.count >= minimum, "\(kind): \(distinct.count)")
        }
        let outputs = try Fixtures.apply("fake.full_name", (0..<50_000).map { "row \($0)" })
        let distinct = Set(outputs.compactMap { $0 }).count
        print("fake.full_name: \(distinct) distinct of 50,000 rows through the rule")
        #expect(distinct >= 48_000)
    }

    /// An independent stream per row: four SplitMix64 words of the row number.
    static func stream(_ row: Int) -> SeededRandom {
        var state = UInt64(row) &* 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return SeededRandom(words: (next(), next(), next(), next()))
    }

    @Test func nameListsAreCleanCommonAndSmall() throws {
        var bytes = 0
        for locale in PersonNames.locales {
            let names = try #require(WordLists.localeNames[locale])
            #expect(names.female.count >= 75 && names.male.count >= 75 && names.last.count >= 90, "\(locale)")
            for list in [names.female, names.male, names.last] {
                #expect(Set(list).count == list.count, "\(locale) has duplicates")
                #expect(list.allSatisfy { !$0.isEmpty && $0 == $0.precomposedStringWithCanonicalMapping })
                bytes += list.reduce(0) { $0 + $1.utf8.count + 1 }
            }
        }
        #expect(bytes < 1_000_000)
        for locale in ["en", "de", "fr", "es"] {
            let names = WordLists.localeNames[locale]!
            #expect(names.first.count >= 200 && names.last.count >= 200, "\(locale)")
        }
    }

    @Test(
        "Cyrillic folds to ASCII for usernames; kanji does not fold",
        arguments: [("Александр", "aleksandr"), ("Щукин", "shchukin"), ("Юлия", "yuliya"), ("Пётр", "petr")])
    func cyrillicFolding(name: String, folded: String) {
        #expect(ASCIIFolding.folds(name))
        #expect(ASCIIFolding.emailLocalPart(name) == folded)
        #expect(!ASCIIFolding.folds("佐藤") && !ASCIIFolding.folds("さくら"))
    }
}
