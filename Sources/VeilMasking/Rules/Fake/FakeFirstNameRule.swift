/// `fake.first_name`: a given name from a list of about 750, chosen by the value's keyed digest.
///
/// The list mixes many languages and includes non-ASCII names (`José`, `Zoë`, `Łukasz`). The same
/// input always gives the same name within a domain and key version. No parameters.
public enum FakeFirstNameRule {
    public static let definition = FakeRule.definition(
        kind: "first_name", summary: "deterministic synthetic given name", generator: FirstNameGenerator())
}

struct FirstNameGenerator: SyntheticGenerator {
    var requiredLists: [[String]] { [WordLists.firstNames] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        random.pick(WordLists.firstNames)
    }
}
