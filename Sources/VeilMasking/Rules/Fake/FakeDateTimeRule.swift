/// `fake.datetime`: a timestamp `YYYY-MM-DD HH:MM:SS` drawn uniformly, to the second, between two bounds.
///
/// Parameters:
/// - `from` (default `2000-01-01 00:00:00`) and `to` (default `2025-12-31 23:59:59`): inclusive bounds,
///   `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]` (a `T` may replace the space).
///
/// No time zone is written: a `timestamptz` column reads it in the session's zone. Writes text and
/// `timestamp` columns. One-way; about 2^29.6 values by default.
public enum FakeDateTimeRule {
    public static let definition = FakeRule.definition(
        kind: "datetime", summary: "deterministic synthetic timestamp between from and to",
        parameters: [
            ParameterDefinition(
                name: "from", kind: .string, defaultValue: .string("2000-01-01 00:00:00"),
                summary: "earliest timestamp, YYYY-MM-DD[ HH:MM:SS]"),
            ParameterDefinition(
                name: "to", kind: .string, defaultValue: .string("2025-12-31 23:59:59"),
                summary: "latest timestamp, YYYY-MM-DD[ HH:MM:SS]"),
        ],
        outputBits: { arguments in
            guard case .string(let from)? = arguments["from"], case .string(let to)? = arguments["to"],
                let start = SyntheticTime.parseBound(from), let end = SyntheticTime.parseBound(to), end > start
            else { return nil }
            return SyntheticTime.log2(end - start + 1)
        },
        accepts: { type, declared in type.isTextual || SyntheticTime.columnKind(declared) == .timestamp },
        makeGenerator: { context throws(RuleConfigurationError) in
            guard let from = SyntheticTime.parseBound(context.string("from") ?? ""), from >= -62_135_596_800 else {
                throw RuleConfigurationError("from must be a timestamp written YYYY-MM-DD HH:MM:SS")
            }
            guard let to = SyntheticTime.parseBound(context.string("to") ?? "") else {
                throw RuleConfigurationError("to must be a timestamp written YYYY-MM-DD HH:MM:SS")
            }
            guard from < to else { throw RuleConfigurationError("from must be before to") }
            return DateTimeGenerator(seconds: from...to)
        }
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.digits)

    /// The generator with the default arguments, for `fake.template`.
    static let defaultGenerator = DateTimeGenerator(
        seconds: CivilDate(year: 2000, month: 1, day: 1).daysSinceEpoch * 86_400...CivilDate(
            year: 2025, month: 12, day: 31
        ).daysSinceEpoch * 86_400 + 86_399)
}

struct DateTimeGenerator: SyntheticGenerator {
    /// Seconds since 1970-01-01 00:00:00.
    var seconds: ClosedRange<Int>

    var requiredLists: [[String]] { [] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        SyntheticTime.isoDateTime(ScaledDecimal.draw(seconds, &random))
    }
}
