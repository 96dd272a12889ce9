/// `fake.city`: a town name from a list of about 200, chosen by the value's keyed digest.
///
/// Mostly English-language town names, with some others (`Saint-Étienne-du-Lac`, `Łąkowo`). No
/// parameters.
public enum FakeCityRule {
    public static let definition = FakeRule.definition(
        kind: "city", summary: "deterministic synthetic city name", generator: CityGenerator()
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.words)
}

struct CityGenerator: SyntheticGenerator {
    var requiredLists: [[String]] { [WordLists.cities] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        random.pick(WordLists.cities)
    }
}
