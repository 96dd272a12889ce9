/// `fake.last_name`: a surname, chosen by the value's keyed digest.
///
/// Parameters:
/// - `locale` (default `any`): as for `fake.first_name`; `any` draws from the mixed international
///   list (`O'Brien`, `van Dijk`, `Sánchez`) and every locale's list, by the weights ``PersonNames``
///   documents.
/// - `gender` (default `any`): where surnames inflect (`pl`, `ru`), `female` gives the feminine form
///   (`Kowalska`, `Смирнова`), `male` the masculine one, `any` either half the time.
///
/// One-way.
public enum FakeLastNameRule {
    public static let definition = FakeRule.definition(
        kind: "last_name", summary: "deterministic synthetic surname (locale, gender)",
        parameters: [PersonNames.localeParameter, PersonNames.genderParameter],
        makeGenerator: { context throws(RuleConfigurationError) in LastNameGenerator(names: try PersonNames(context)) }
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.words)
}

struct LastNameGenerator: SyntheticGenerator {
    var names = PersonNames()

    var requiredLists: [[String]] { names.requiredLists }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        names.lastName(&random)
    }
}
