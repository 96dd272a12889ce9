/// `fake.full_name`: a full name in the customs of its locale, chosen by the value's keyed digest.
///
/// Latin-script locales give `First Last` 85% of the time, `First M. Last` 10% and `First Last-Last`
/// 5%; `es` and `pt` give two surnames half the time (`Lucía García López`); `ja` writes the family
/// name first with a space (`佐藤 陽菜`), `zh` without one (`王秀英`); `ru` and `pl` match the surname
/// to the given name's gender (`Анна Смирнова`, `Jan Kowalski`).
///
/// Parameters:
/// - `locale` (default `any`): one of the locales of ``PersonNames``, or `any`, which picks the mixed
///   international list or a locale for each value (about 1.5 million plain combinations in all).
/// - `gender` (default `any`): `female`, `male` or `any`.
///
/// A million distinct inputs give about 720,000 distinct names (locale `any`). One-way.
public enum FakeFullNameRule {
    public static let definition = FakeRule.definition(
        kind: "full_name", summary: "deterministic synthetic full name (locale, gender)",
        parameters: [PersonNames.localeParameter, PersonNames.genderParameter],
        makeGenerator: { context throws(RuleConfigurationError) in FullNameGenerator(names: try PersonNames(context)) }
    )
    .withOutputSpace(.words)
}

struct FullNameGenerator: ComposingGenerator {
    var names = PersonNames()

    var requiredLists: [[String]] { names.requiredLists }

    func compose<Destination: TextDestination>(
        for input: String, random: inout SeededRandom, maximumLength: Int?, to destination: inout Destination
    ) {
        names.fullName(&random, to: &destination)
    }
}
