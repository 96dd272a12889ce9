/// `fake.date`: a date drawn uniformly between two bounds.
///
/// Parameters:
/// - `from` (default `2000-01-01`) and `to` (default `2025-12-31`): inclusive bounds, `YYYY-MM-DD`.
///
/// Output: `YYYY-MM-DD`; when the input is an ISO date or timestamp, only its date part is replaced
/// and the rest (a time, a zone) kept. Writes text, `date` and `timestamp` columns. One-way; about
/// 9,500 dates by default, so refused on unique columns.
public enum FakeDateRule {
    public static let definition = FakeRule.definition(
        kind: "date", summary: "deterministic synthetic date between from and to",
        parameters: [
            ParameterDefinition(
                name: "from", kind: .string, defaultValue: .string("2000-01-01"), summary: "earliest date, YYYY-MM-DD"),
            ParameterDefinition(
                name: "to", kind: .string, defaultValue: .string("2025-12-31"), summary: "latest date, YYYY-MM-DD"),
        ],
        accepts: DateGenerator.dateColumns,
        makeGenerator: { context throws(RuleConfigurationError) in
            let from = try SyntheticTime.dateParameter(context, "from")
            let to = try SyntheticTime.dateParameter(context, "to")
            guard from < to else { throw RuleConfigurationError("from must be before to") }
            return DateGenerator(days: from...to)
        }
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.digits)

    /// The generator with the default arguments, for `fake.template`.
    static let defaultGenerator = DateGenerator(
        days: CivilDate(year: 2000, month: 1, day: 1)
            .daysSinceEpoch...CivilDate(year: 2025, month: 12, day: 31).daysSinceEpoch)
}
