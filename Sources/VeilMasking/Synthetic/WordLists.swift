import Foundation

/// The synthetic vocabularies shipped as resources in `Resources/Words`, one entry per line.
///
/// Each list is read once, lazily and thread-safely (a `static let`), into an immutable array.
/// The lists are written for Veil: common given names, surnames, street and place words are facts,
/// and every name is fictional in combination.
enum WordLists {
    static let firstNames = load("first_names")
    static let lastNames = load("last_names")
    static let streetNames = load("street_names")
    static let streetSuffixes = load("street_suffixes")
    static let cities = load("cities")
    static let companyBrands = load("company_brands")
    static let companySectors = load("company_sectors")
    static let companySuffixes = load("company_suffixes")

    /// The first names folded to lower-case ASCII letters, index-aligned with ``firstNames``.
    static let firstNamesForEmail = firstNames.map(ASCIIFolding.emailLocalPart)
    /// The last names folded to lower-case ASCII letters, index-aligned with ``lastNames``.
    static let lastNamesForEmail = lastNames.map(ASCIIFolding.emailLocalPart)

    static let jobTitles = load("job_titles")
    static let jobLevels = load("job_levels")
    static let jobAreas = load("job_areas")
    static let loremWords = load("lorem_words")
    /// `country code<TAB>code<TAB>name` lines of ``StateGenerator``'s regions.
    static let states = load("states").map { $0.split(separator: "\t").map(String.init) }.filter { $0.count == 3 }
    /// `alpha2<TAB>alpha3<TAB>name` lines of ISO 3166-1 countries.
    static let countries = load("countries").map { $0.split(separator: "\t").map(String.init) }.filter { $0.count == 3 }

    /// Given names and surnames per locale (`Words/names/<locale>_female|male|last.txt`), see ``PersonNames``.
    static let localeNames: [String: LocaleNames] = Dictionary(
        uniqueKeysWithValues: PersonNames.locales.map { locale in
            (
                locale,
                LocaleNames(
                    female: load("\(locale)_female", in: "Words/names"),
                    male: load("\(locale)_male", in: "Words/names"),
                    last: load("\(locale)_last", in: "Words/names"))
            )
        })

    /// Every given name Veil knows (the mixed list and every locale's), without repeats: `locale: any`.
    static let anyFirstNames = unique(firstNames + PersonNames.locales.flatMap { localeNames[$0]?.first ?? [] })
    /// Every surname Veil knows (the mixed list and every locale's, masculine forms), without repeats.
    static let anyLastNames = unique(lastNames + PersonNames.locales.flatMap { localeNames[$0]?.last ?? [] })
    /// The given names that fold to ASCII (Latin and Cyrillic script), folded, without repeats: for usernames.
    static let foldedFirstNames = unique(anyFirstNames.filter(ASCIIFolding.folds).map(ASCIIFolding.emailLocalPart))
    /// The surnames that fold to ASCII, folded, without repeats: for usernames.
    static let foldedLastNames = unique(anyLastNames.filter(ASCIIFolding.folds).map(ASCIIFolding.emailLocalPart))

    /// Every list by its resource name, for checks and tests.
    static var all: [String: [String]] {
        var lists = [
            "first_names": firstNames, "last_names": lastNames, "street_names": streetNames,
            "street_suffixes": streetSuffixes, "cities": cities, "company_brands": companyBrands,
            "company_sectors": companySectors, "company_suffixes": companySuffixes, "job_titles": jobTitles,
            "job_levels": jobLevels, "job_areas": jobAreas, "lorem_words": loremWords,
        ]
        for (locale, names) in localeNames {
            lists["names/\(locale)_female"] = names.female
            lists["names/\(locale)_male"] = names.male
            lists["names/\(locale)_last"] = names.last
        }
        return lists
    }

    /// The elements in first-seen order, each once.
    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// Reads `<folder>/<name>.txt` from the module's bundle: trimmed non-empty lines, in file order.
    /// A missing resource gives an empty list, which the fake rules report as a configuration error.
    private static func load(_ name: String, in folder: String = "Words") -> [String] {
        guard
            let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: folder)
                ?? Bundle.module.url(forResource: name, withExtension: "txt"),
            let data = try? Data(contentsOf: url)
        else { return [] }
        return String(decoding: data, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

/// Folds names to the lower-case ASCII letters an email local part uses (`Łukasz` → `lukasz`,
/// `O'Brien` → `obrien`, `Zoë` → `zoe`). Used once per list entry at load time, never per value.
enum ASCIIFolding {
    static func emailLocalPart(_ name: String) -> String {
        var result = ""
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else if let folded = folds[scalar] {
                result += folded
            }
            // Anything else (apostrophes, hyphens, spaces, unknown letters) is dropped.
        }
        return result.isEmpty ? "user" : result
    }

    /// Whether every letter of `name` is an ASCII letter or one this table folds (Latin with diacritics,
    /// Cyrillic); names in other scripts (`佐藤`, `さくら`) do not fold and are skipped where ASCII is needed.
    static func folds(_ name: String) -> Bool {
        name.lowercased().unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || folds[scalar] != nil || " '’-.".unicodeScalars.contains(scalar)
        }
    }

    private static let folds: [Unicode.Scalar: String] = {
        let groups: [(String, String)] = [
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
            ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"),
            ("ŕŗř", "r"), ("śŝşšș", "s"), ("ţťŧț", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"),
            ("źżž", "z"), ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("ð", "d"), ("þ", "th"),
        ]
        var table: [Unicode.Scalar: String] = [:]
        for (letters, replacement) in groups {
            for scalar in letters.unicodeScalars { table[scalar] = replacement }
        }
        // Russian Cyrillic, in a plain transliteration (Александр → aleksandr, Щукин → shchukin).
        let cyrillic = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
        let latin = [
            "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
            "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
        ]
        for (scalar, replacement) in zip(cyrillic.unicodeScalars, latin) { table[scalar] = replacement }
        return table
    }()
}
