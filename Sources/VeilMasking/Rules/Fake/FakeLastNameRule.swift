/// `fake.last_name`: a surname from a list of about 630, chosen by the value's keyed digest.
///
/// The list includes apostrophes, particles and diacritics (`O'Brien`, `van Dijk`, `Sánchez`). No
/// parameters.
public enum FakeLastNameRule {
    public static let definition = FakeRule.definition(
        kind: "last_name", summary: "deterministic synthetic surname", generator: LastNameGenerator())
}

struct LastNameGenerator: SyntheticGenerator {
    var requiredLists: [[String]] { [WordLists.lastNames] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        random.pick(WordLists.lastNames)
    }
}
