/// `fake.date_of_birth`: a birth date giving a plausible age on a fixed reference date.
///
/// Parameters:
/// - `min_age` (default 18) and `max_age` (default 90): the age, in whole years on `as_of`, is drawn
///   uniformly from this range (birth days uniform over the matching span of about
///   `max_age - min_age + 1` years).
/// - `as_of` (default `2025-01-01`): the reference date, `YYYY-MM-DD`. It is fixed rather than today
///   so that outputs stay the same in every run (determinism); set it to the copy's date when ages
///   matter to the day.
///
/// Output: `YYYY-MM-DD`; when the input is an ISO date or timestamp (`1980-05-01`,
/// `1980-05-01 00:00:00+00`), only its date part is replaced and the rest kept. Writes text, `date` and
/// `timestamp` columns. One-way; about 26,000 possible dates, so refused on unique columns.
public enum FakeDateOfBirthRule {
    public static let definition = FakeRule.definition(
        kind: "date_of_birth", summary: "deterministic synthetic birth date (min_age, max_age, as_of)",
        parameters: [
            ParameterDefinition(
                name: "min_age", kind: .integer(0...150), defaultValue: .integer(18),
                summary: "youngest age in whole years on as_of"),
            ParameterDefinition(
                name: "max_age", kind: .integer(0...150), defaultValue: .integer(90),
                summary: "oldest age in whole years on as_of"),
            ParameterDefinition(
                name: "as_of", kind: .string, defaultValue: .string("2025-01-01"),
                summary: "reference date YYYY-MM-DD the ages count to (fixed, for determinism)"),
        ],
        accepts: DateGenerator.dateColumns,
        makeGenerator: { context throws(RuleConfigurationError) in
            let asOf = CivilDate(daysSinceEpoch: try SyntheticTime.dateParameter(context, "as_of"))
            let minimum = context.integer("min_age") ?? 18
            let maximum = context.integer("max_age") ?? 90
            guard minimum <= maximum else { throw RuleConfigurationError("min_age must not exceed max_age") }
            guard asOf.year - maximum - 1 >= 1 else { throw RuleConfigurationError("as_of is too early for max_age") }
            return DateGenerator(days: birthDays(asOf: asOf, minimumAge: minimum, maximumAge: maximum))
        }
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.digits)

    /// The generator with the default arguments, for `fake.template`.
    static let defaultGenerator = DateGenerator(
        days: birthDays(asOf: CivilDate(year: 2025, month: 1, day: 1), minimumAge: 18, maximumAge: 90))

    /// The birth dates (days since the epoch) of people aged `minimumAge` to `maximumAge` on `asOf`: born on
    /// the last day or before, they are at least `minimumAge`; born on the first day or after, at most
    /// `maximumAge`.
    static func birthDays(asOf: CivilDate, minimumAge: Int, maximumAge: Int) -> ClosedRange<Int> {
        let latest = SyntheticTime.yearsBefore(asOf, minimumAge).daysSinceEpoch
        let earliest = SyntheticTime.yearsBefore(asOf, maximumAge + 1).daysSinceEpoch + 1
        return earliest...latest
    }
}

/// A date drawn uniformly from a span of days, in the input's ISO layout when it has one.
struct DateGenerator: SyntheticGenerator {
    /// Text, `date` and `timestamp` columns.
    static let dateColumns: @Sendable (ColumnType, String) -> Bool = { type, declared in
        type.isTextual || [.date, .timestamp].contains(SyntheticTime.columnKind(declared))
    }

    /// Days since 1970-01-01.
    var days: ClosedRange<Int>

    var requiredLists: [[String]] { [] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        let date = CivilDate(daysSinceEpoch: days.lowerBound + random.next(below: days.count))
        if let text = DateText(Array(input.utf8)) { return text.formatted(with: date) }
        return SyntheticTime.isoDate(date)
    }
}
