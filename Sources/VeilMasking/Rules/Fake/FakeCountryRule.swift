/// `fake.country`: one of the 249 ISO 3166-1 countries, as a name, an alpha-2 or an alpha-3 code.
///
/// Parameters:
/// - `format` (default `name`): `name` (`Germany`, `South Korea`, `Côte d'Ivoire`), `alpha2` (`DE`)
///   or `alpha3` (`DEU`). Use `alpha2` for a `char(2)` column: a name would be cut to two characters.
///
/// One-way; few values, so refused on unique columns.
public enum FakeCountryRule {
    public static let definition = FakeRule.definition(
        kind: "country", summary: "deterministic synthetic country (name, alpha2 or alpha3)",
        parameters: [
            ParameterDefinition(
                name: "format", kind: .choice(["name", "alpha2", "alpha3"]), defaultValue: .string("name"),
                summary: "name (Germany), alpha2 (DE) or alpha3 (DEU)")
        ],
        makeGenerator: { context throws(RuleConfigurationError) in
            let column = ["alpha2": 0, "alpha3": 1][context.string("format") ?? "name"] ?? 2
            return CountryGenerator(values: WordLists.countries.map { $0[column] })
        }
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.words)
}

struct CountryGenerator: SyntheticGenerator {
    var values = WordLists.countries.map { $0[2] }

    var requiredLists: [[String]] { [values] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        random.pick(values)
    }
}
