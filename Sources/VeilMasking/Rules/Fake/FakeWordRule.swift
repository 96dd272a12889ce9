/// `fake.word`: one common English word in lower case (about 1,650: `harbor`, `quiet`, `table`).
///
/// No parameters. One-way.
public enum FakeWordRule {
    public static let definition = FakeRule.definition(
        kind: "word", summary: "deterministic synthetic English word", generator: WordGenerator()
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.words)
}

struct WordGenerator: SyntheticGenerator {
    var requiredLists: [[String]] { [WordLists.loremWords] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        random.pick(WordLists.loremWords)
    }
}
