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

struct CompanyGenerator: ComposingGenerator {
    var requiredLists: [[String]] {
        [WordLists.companyBrands, WordLists.companySectors, WordLists.companySuffixes, WordLists.lastNames]
    }

    func compose<Destination: TextDestination>(
        for input: String, random: inout SeededRandom, maximumLength: Int?, to destination: inout Destination
    ) {
        switch random.next(below: 5) {
        case 0:
            let brand = random.pick(WordLists.companyBrands)
            let sector = random.pick(WordLists.companySectors)
            destination.join(brand, " ", sector, " ", random.pick(WordLists.companySuffixes))
        case 1:
            let name = random.pick(WordLists.lastNames)
            destination.join(name, " ", random.pick(WordLists.companySectors))
        case 2:
            let first = random.pick(WordLists.lastNames)
            destination.join(first, " & ", random.pick(WordLists.lastNames))
        case 3:
            let brand = random.pick(WordLists.companyBrands)
            destination.join(brand, " ", random.pick(WordLists.companySuffixes))
        default:
            let first = random.pick(WordLists.lastNames)
            let second = random.pick(WordLists.lastNames)
            destination.join(first, "-", second, " ", random.pick(WordLists.companySuffixes))
        }
    }

}
