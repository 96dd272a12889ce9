/// `fake.choice`: one of a fixed list of values, chosen by the value's keyed digest.
///
/// Parameters:
/// - `values` (default `[yes, no]`): at least two distinct, non-empty values
///   (`values: [bronze, silver, gold]`). Each is equally likely. A value longer than the column's
///   `varchar(n)`/`char(n)` is refused rather than cut.
///
/// Writes any column type (the values are the profile author's, written as they are: `[1, 2, 3]` suits
/// an integer column). A value in the list is never mapped to itself. One-way.
public enum FakeChoiceRule {
    public static let definition = FakeRule.definition(
        kind: "choice", summary: "deterministic choice from a list of values",
        parameters: [
            ParameterDefinition(
                name: "values", kind: .list, defaultValue: .list(["yes", "no"]),
                summary: "the values to choose from, at least two")
        ],
        accepts: { _, _ in true },
        makeGenerator: { context throws(RuleConfigurationError) in
            let values = WordLists.unique(context.list("values") ?? [])
            guard values.count >= 2, values.allSatisfy({ !$0.isEmpty }) else {
                throw RuleConfigurationError("values needs at least two distinct, non-empty values")
            }
            if let limit = ColumnType(context.column.type).maximumLength,
                values.contains(where: { $0.unicodeScalars.count > limit })
            {
                throw RuleConfigurationError("a value is longer than the column's \(limit) characters")
            }
            return ChoiceGenerator(values: values)
        }
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.shapes(Set(ValueShape.allCases)))
}

struct ChoiceGenerator: SyntheticGenerator {
    let values: [String]
    private let positions: [String: Int]

    init(values: [String]) {
        self.values = values
        positions = Dictionary(values.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var requiredLists: [[String]] { [values] }

    /// Uniform over the values, or over the others when the input is one of them.
    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        guard let position = positions[input] else { return random.pick(values) }
        let index = random.next(below: values.count - 1)
        return values[index >= position ? index + 1 : index]
    }
}
