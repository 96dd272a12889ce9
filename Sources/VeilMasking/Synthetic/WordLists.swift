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

    /// Every list by its resource name, for checks and tests.
    static var all: [String: [String]] {
        [
            "first_names": firstNames, "last_names": lastNames, "street_names": streetNames,
            "street_suffixes": streetSuffixes, "cities": cities, "company_brands": companyBrands,
            "company_sectors": companySectors, "company_suffixes": companySuffixes,
        ]
    }

    /// Reads `Words/<name>.txt` from the module's bundle: trimmed non-empty lines, in file order.
    /// A missing resource gives an empty list, which the fake rules report as a configuration error.
    private static func load(_ name: String) -> [String] {
        guard
            let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Words")
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
        return table
    }()
}
