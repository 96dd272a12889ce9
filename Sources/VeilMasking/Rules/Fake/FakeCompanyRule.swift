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
            return "\(random.pick(WordLists.companyBrands)) \(random.pick(WordLists.companySectors)) "
                + random.pick(WordLists.companySuffixes)
        case 1:
            return "\(random.pick(WordLists.lastNames)) \(random.pick(WordLists.companySectors))"
        case 2:
            return "\(random.pick(WordLists.lastNames)) & \(random.pick(WordLists.lastNames))"
        case 3:
            return "\(random.pick(WordLists.companyBrands)) \(random.pick(WordLists.companySuffixes))"
        default:
            return "\(random.pick(WordLists.lastNames))-\(random.pick(WordLists.lastNames)) "
                + random.pick(WordLists.companySuffixes)
        }
    }
}
