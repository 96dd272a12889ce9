/// One locale's name lists: given names by gender and surnames (masculine forms where they inflect).
struct LocaleNames: Sendable {
    let female: [String]
    let male: [String]
    let last: [String]

    /// Female and male given names together.
    var first: [String] { female + male }
}

/// How the `locale` and `gender` parameters of `fake.first_name`, `fake.last_name` and `fake.full_name`
/// pick names.
///
/// Locales: `en`, `de`, `fr`, `es`, `it`, `pl`, `pt`, `nl`, `sv`, `tr`, `ja` (kanji and kana), `zh`
/// (Chinese characters), `ru` (Cyrillic), and `any` (the default). For surnames, full names and gendered
/// given names, `any` first picks a source — the mixed international list (weight 4), `en` (weight 4)
/// or one of the other locales (weight 1 each) — so about 15% are Japanese, Chinese or Russian in their
/// own scripts; a given name of any gender is drawn uniformly from every list together (about 19%).
/// Full names follow the locale's customs: `First Last` (10% with a middle initial, 5% with a double
/// surname); `es` and `pt` give two surnames half the time (`Lucía García López`); `ja` writes the
/// family name first with a space (`佐藤 陽菜`), `zh` family name first without one (`王伟`); `ru` and
/// `pl` use the feminine surname with a female given name (`Анна Смирнова`, `Anna Kowalska`).
struct PersonNames: Sendable {
    enum Gender: String, Sendable, CaseIterable {
        case any, female, male
    }

    static let locales = ["en", "de", "fr", "es", "it", "pl", "pt", "nl", "sv", "tr", "ja", "zh", "ru"]

    static let localeParameter = ParameterDefinition(
        name: "locale", kind: .choice(["any"] + locales), defaultValue: .string("any"),
        summary: "language of the names: en, de, fr, es, it, pl, pt, nl, sv, tr, ja, zh, ru, or any (mixed)")
    static let genderParameter = ParameterDefinition(
        name: "gender", kind: .choice(Gender.allCases.map(\.rawValue)), defaultValue: .string("any"),
        summary: "female, male, or any (either, half and half)")

    /// The `any` locale's sources and weights: `nil` is the mixed international list.
    private static let weightedSources: [String?] = {
        var sources: [String?] = Array(repeating: nil, count: 4) + Array(repeating: "en", count: 4)
        sources += locales.filter { $0 != "en" }.map { Optional($0) }
        return sources
    }()

    /// One locale's lists, looked up once instead of per name: its code, its names, and its surnames in their
    /// feminine forms (index for index).
    /// A locale's lists, shared by reference: a draw copies one pointer, not the lists.
    private final class Source: Sendable {
        let names: LocaleNames
        let feminineLast: [String]
        let order: NameOrder

        init(code: String, names: LocaleNames, feminineLast: [String]) {
            self.names = names
            self.feminineLast = feminineLast
            order =
                switch code {
                case "ja": .familyFirstSpaced
                case "zh": .familyFirstJoined
                case "es", "pt": .twoSurnamesHalfTheTime
                case "ru": .givenFamily
                default: .western
                }
        }
    }

    /// How a locale writes a full name (see ``fullName(_:to:)``).
    private enum NameOrder {
        case familyFirstSpaced, familyFirstJoined, twoSurnamesHalfTheTime, givenFamily, western
    }

    private static let sourcesByCode: [String: Source] = Dictionary(
        uniqueKeysWithValues: WordLists.localeNames.map { code, names in
            (code, Source(code: code, names: names, feminineLast: names.last.map { feminine($0, locale: code) }))
        })

    /// ``weightedSources`` with their lists: nil is the mixed lists.
    private static let weightedSourceTable: [Source?] = weightedSources.map { $0.flatMap { sourcesByCode[$0] } }

    let locale: String
    let gender: Gender
    /// The lists of `locale`, unless it is `any`.
    private let fixedSource: Source?

    init(locale: String = "any", gender: Gender = .any) {
        self.locale = locale
        self.gender = gender
        self.fixedSource = locale == "any" ? nil : Self.sourcesByCode[locale]
    }

    init(_ context: RuleContext) throws(RuleConfigurationError) {
        let locale = context.string("locale") ?? "any"
        guard locale == "any" || Self.locales.contains(locale) else {
            throw RuleConfigurationError(
                "unknown locale `\(locale)`; use one of any, \(Self.locales.joined(separator: ", "))")
        }
        guard let gender = Gender(rawValue: context.string("gender") ?? "any") else {
            throw RuleConfigurationError("gender must be any, female or male")
        }
        self.init(locale: locale, gender: gender)
    }

    /// The lists this configuration draws from, for the rule's installation check.
    var requiredLists: [[String]] {
        if locale == "any" { return [WordLists.firstNames, WordLists.lastNames, WordLists.anyFirstNames] }
        let names = WordLists.localeNames[locale]
        return [names?.female ?? [], names?.male ?? [], names?.last ?? []]
    }

    func firstName(_ random: inout SeededRandom) -> String {
        if locale == "any" && gender == .any { return random.pick(WordLists.anyFirstNames) }
        return first(in: source(&random), female: isFemale(&random), &random)
    }

    func lastName(_ random: inout SeededRandom) -> String {
        let source = source(&random)
        return last(in: source, female: isFemale(&random), &random)
    }

    func fullName(_ random: inout SeededRandom) -> String {
        var name = ""
        fullName(&random, to: &name)
        return name
    }

    /// Appends a full name to `destination`, composed in place.
    func fullName<Destination: TextDestination>(_ random: inout SeededRandom, to destination: inout Destination) {
        let source = source(&random)
        let female = isFemale(&random)
        let first = first(in: source, female: female, &random)
        let last = last(in: source, female: female, &random)
        switch source?.order ?? .western {
        case .familyFirstSpaced: destination.join(last, " ", first)
        case .familyFirstJoined: destination.join(last, first)
        case .givenFamily: destination.join(first, " ", last)
        case .twoSurnamesHalfTheTime:
            if random.chance(1, in: 2) {
                destination.join(first, " ", last, " ", self.last(in: source, female: female, &random))
            } else {
                destination.join(first, " ", last)
            }
        case .western:
            switch random.next(below: 20) {
            case 0, 1:
                let initial = random.pick(Self.initials)
                destination.compose(capacity: first.utf8.count + 4 + last.utf8.count) { text in
                    text.append(first)
                    text.append(ascii: 0x20)
                    text.append(ascii: initial)
                    text.append(ascii: 0x2E)
                    text.append(ascii: 0x20)
                    text.append(last)
                }
            case 2: destination.join(first, " ", last, "-", self.last(in: source, female: female, &random))
            default: destination.join(first, " ", last)
            }
        }
    }

    private static let initials = Array("ABCDEFGHIJKLMNOPRSTVW".utf8)

    /// The locale to draw from: the configured one, or for `any` a weighted pick (`nil`: the mixed list).
    private func source(_ random: inout SeededRandom) -> Source? {
        locale == "any" ? random.pick(Self.weightedSourceTable) : fixedSource
    }

    private func isFemale(_ random: inout SeededRandom) -> Bool {
        switch gender {
        case .female: true
        case .male: false
        case .any: random.chance(1, in: 2)
        }
    }

    private func first(in source: Source?, female: Bool, _ random: inout SeededRandom) -> String {
        guard let names = source?.names else {
            // The mixed list has no genders; a gendered request draws from every locale's lists.
            switch gender {
            case .any: return random.pick(WordLists.firstNames)
            case .female: return random.pick(Self.allFemale)
            case .male: return random.pick(Self.allMale)
            }
        }
        return random.pick(female ? names.female : names.male)
    }

    private func last(in source: Source?, female: Bool, _ random: inout SeededRandom) -> String {
        guard let source else { return random.pick(WordLists.lastNames) }
        let index = random.next(below: source.names.last.count)
        return female ? source.feminineLast[index] : source.names.last[index]
    }

    private static let allFemale = WordLists.unique(locales.flatMap { WordLists.localeNames[$0]?.female ?? [] })
    private static let allMale = WordLists.unique(locales.flatMap { WordLists.localeNames[$0]?.male ?? [] })

    /// The feminine form of a masculine surname in languages that inflect them (`Kowalski` → `Kowalska`,
    /// `Смирнов` → `Смирнова`, `Достоевский` → `Достоевская`); others are returned unchanged.
    static func feminine(_ surname: String, locale: String) -> String {
        let endings: [(String, String)]
        switch locale {
        case "pl": endings = [("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")]
        case "ru":
            endings = [
                ("ский", "ская"), ("цкий", "цкая"), ("ов", "ова"), ("ев", "ева"), ("ёв", "ёва"), ("ин", "ина"),
                ("ын", "ына"), ("ой", "ая"), ("ый", "ая"),
            ]
        default: return surname
        }
        for (masculine, feminine) in endings where surname.hasSuffix(masculine) {
            return String(surname.dropLast(masculine.count)) + feminine
        }
        return surname
    }
}
