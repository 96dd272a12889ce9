/// `fake.state`: a state, province or region of a country, as its name or its ISO 3166-2 code.
///
/// Parameters:
/// - `country` (default `us`): `us` (50 states and DC), `ca`, `au`, `de`, `in`, `br`, `mx`, `es`
///   (autonomous communities), `it` (regions), `fr` (regions), `jp` (prefectures), `nl`, `pl`, `cn`,
///   or `any` (all of them).
/// - `format` (default `name`): `name` (`California`, `Baden-Württemberg`) or `code` (the subdivision
///   part of the ISO 3166-2 code: `CA`, `BW`, `13` for Tokyo).
///
/// Names follow the ISO 3166-2 English short names. One-way; few values, so refused on unique columns.
public enum FakeStateRule {
    static let countries = ["us", "ca", "au", "de", "in", "br", "mx", "es", "it", "fr", "jp", "nl", "pl", "cn"]

    public static let definition = FakeRule.definition(
        kind: "state", summary: "deterministic synthetic state, province or region (country, format)",
        parameters: [
            ParameterDefinition(
                name: "country", kind: .choice(countries + ["any"]), defaultValue: .string("us"),
                summary: "whose regions: us, ca, au, de, in, br, mx, es, it, fr, jp, nl, pl, cn, or any"),
            ParameterDefinition(
                name: "format", kind: .choice(["name", "code"]), defaultValue: .string("name"),
                summary: "name (California) or code (CA, the ISO 3166-2 subdivision code)"),
        ],
        makeGenerator: { context throws(RuleConfigurationError) in
            let country = context.string("country") ?? "us"
            let rows = WordLists.states.filter { country == "any" || $0[0] == country }
            let column = context.string("format") == "code" ? 1 : 2
            return StateGenerator(values: WordLists.unique(rows.map { $0[column] }))
        }
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.words)
}

struct StateGenerator: SyntheticGenerator {
    var values = WordLists.unique(WordLists.states.filter { $0[0] == "us" }.map { $0[2] })

    var requiredLists: [[String]] { [values] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        random.pick(values)
    }
}
