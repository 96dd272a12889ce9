/// `fake.time`: a time of day, `HH:MM:SS`, uniform over the day (`HH:MM` when the input is written so).
///
/// Writes text and `time` columns. No parameters. One-way; 86,400 values.
public enum FakeTimeRule {
    public static let definition = FakeRule.definition(
        kind: "time", summary: "deterministic synthetic time of day",
        accepts: { type, declared in type.isTextual || SyntheticTime.columnKind(declared) == .time },
        makeGenerator: { _ throws(RuleConfigurationError) in TimeGenerator() }
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.digits)
}

struct TimeGenerator: SyntheticGenerator {
    var requiredLists: [[String]] { [] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        let seconds = random.next(below: 86_400)
        let time = SyntheticTime.isoTime(seconds)
        let shortInput = input.utf8.count == 5 && SyntheticTime.secondsOfDay(Array(input.utf8)) != nil
        return shortInput ? String(time.prefix(5)) : time
    }
}
