/// `fake.sentence`: an English-looking sentence of common words about as long as the input
/// (`Bright river table, under the quiet harbor.`).
///
/// The output has the input's length in characters give or take two (so within ±20% from three
/// characters up), and never more than the column's `varchar(n)`; a one- or two-character input gets
/// one word. It starts with a capital and ends with a period, with an occasional comma; a long input
/// gives one long sentence (use `fake.paragraph` for several). No parameters. One-way.
public enum FakeSentenceRule {
    public static let definition = FakeRule.definition(
        kind: "sentence", summary: "deterministic synthetic sentence about the input's length",
        makeGenerator: { _ throws(RuleConfigurationError) in LoremGenerator(sentenceWords: 1_000_000...1_000_000) }
    )
    .withOutputSpace(.words)
}

/// Filler text of the input's length, in sentences of `sentenceWords` words.
struct LoremGenerator: SyntheticGenerator {
    var sentenceWords: ClosedRange<Int>

    var requiredLists: [[String]] { [LoremText.words] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        LoremText.text(
            target: input.unicodeScalars.count, maximumLength: maximumLength, sentenceWords: sentenceWords,
            random: &random)
    }
}
