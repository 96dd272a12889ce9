/// `fake.company`: a company name such as `Meridian Logistics LLC`, `Okafor Analytics`,
/// `Chen & Rossi` or `Zenith Inc.`.
///
/// Built from brand words, sectors, surnames and legal suffixes in five patterns. No parameters.
public enum FakeCompanyRule {
    public static let definition = FakeRule.definition(
        kind: "company", summary: "deterministic synthetic company name", generator: CompanyGenerator()
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.words)
}

struct CompanyGenerator: SyntheticGenerator {
    var requiredLists: [[String]] {
        [WordLists.companyBrands, WordLists.companySectors, WordLists.companySuffixes, WordLists.lastNames]
    }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        switch random.next(below: 5) {
        case 0:
            let brand = random.pick(WordLists.companyBrands)
            let sector = random.pick(WordLists.companySectors)
            return Self.joined(brand, " ", sector, " ", random.pick(WordLists.companySuffixes))
        case 1:
            let name = random.pick(WordLists.lastNames)
            return Self.joined(name, " ", random.pick(WordLists.companySectors))
        case 2:
            let first = random.pick(WordLists.lastNames)
            return Self.joined(first, " & ", random.pick(WordLists.lastNames))
        case 3:
            let brand = random.pick(WordLists.companyBrands)
            return Self.joined(brand, " ", random.pick(WordLists.companySuffixes))
        default:
            let first = random.pick(WordLists.lastNames)
            let second = random.pick(WordLists.lastNames)
            return Self.joined(first, "-", second, " ", random.pick(WordLists.companySuffixes))
        }
    }

    /// The pieces one after another, in one allocation.
    private static func joined(
        _ first: String, _ separator: StaticString, _ second: String, _ separator2: StaticString = "",
        _ third: String = ""
    ) -> String {
        let capacity =
            first.utf8.count + separator.utf8CodeUnitCount + second.utf8.count + separator2.utf8CodeUnitCount
            + third.utf8.count
        return ComposedText.compose(capacity: capacity) { text in
            text.append(first)
            separator.withUTF8Buffer { text.append(bytes: $0) }
            text.append(second)
            separator2.withUTF8Buffer { text.append(bytes: $0) }
            text.append(third)
        }
    }
}
