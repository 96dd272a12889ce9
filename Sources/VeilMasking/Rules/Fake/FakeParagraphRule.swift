/// `fake.paragraph`: English-looking text of several sentences (5 to 14 common words each) about as
/// long as the input.
///
/// The output has the input's length in characters give or take two (so within ±20% from three
/// characters up) and never more than the column's `varchar(n)`. Sentences start with a capital and end
/// with a period. Suits free-text columns (notes, descriptions) whose content must not survive but
/// whose sizes should. No parameters. One-way.
public enum FakeParagraphRule {
    public static let definition = FakeRule.definition(
        kind: "paragraph", summary: "deterministic synthetic paragraph about the input's length",
        makeGenerator: { _ throws(RuleConfigurationError) in LoremGenerator(sentenceWords: 5...14) }
    )
    .withOutputSpace(.words)
}
