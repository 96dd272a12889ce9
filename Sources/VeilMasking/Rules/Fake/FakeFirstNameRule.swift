/// `fake.first_name`: a given name, chosen by the value's keyed digest.
///
/// Parameters:
/// - `locale` (default `any`): `en`, `de`, `fr`, `es`, `it`, `pl`, `pt`, `nl`, `sv`, `tr`, `ja` (kanji and
///   kana, `陽菜`, `さくら`), `zh` (`秀英`), `ru` (`Анастасия`), or `any`: every list together, about
///   3,100 distinct names drawn uniformly, of which about 19% are Japanese, Chinese or Russian in their own
///   scripts (use a Latin-script locale where the column's encoding or consumers need one).
/// - `gender` (default `any`): `female`, `male` or `any`.
///
/// The same input always gives the same name within a domain and key version; names are valid UTF-8
/// in NFC. One-way.
public enum FakeFirstNameRule {
    public static let definition = FakeRule.definition(
        kind: "first_name", summary: "deterministic synthetic given name (locale, gender)",
        parameters: [PersonNames.localeParameter, PersonNames.genderParameter],
        makeGenerator: { context throws(RuleConfigurationError) in FirstNameGenerator(names: try PersonNames(context)) }
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.words)
}

struct FirstNameGenerator: SyntheticGenerator {
    var names = PersonNames()

    var requiredLists: [[String]] { names.requiredLists }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        names.firstName(&random)
    }
}
