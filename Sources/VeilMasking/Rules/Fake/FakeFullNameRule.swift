/// `fake.full_name`: `First Last`, sometimes with a middle initial or a double surname.
///
/// 85% `First Last`, 10% `First M. Last`, 5% `First Last-Last`: about 470,000 plain combinations,
/// over 12 million in all. No parameters.
public enum FakeFullNameRule {
    public static let definition = FakeRule.definition(
        kind: "full_name", summary: "deterministic synthetic full name", generator: FullNameGenerator())
}

struct FullNameGenerator: SyntheticGenerator {
    private static let initials = Array("ABCDEFGHIJKLMNOPRSTVW")

    var requiredLists: [[String]] { [WordLists.firstNames, WordLists.lastNames] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        let first = random.pick(WordLists.firstNames)
        let last = random.pick(WordLists.lastNames)
        switch random.next(below: 20) {
        case 0, 1:
            return "\(first) \(random.pick(Self.initials)). \(last)"
        case 2:
            return "\(first) \(last)-\(random.pick(WordLists.lastNames))"
        default:
            return "\(first) \(last)"
        }
    }
}
