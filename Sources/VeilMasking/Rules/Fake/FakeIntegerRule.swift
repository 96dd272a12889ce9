/// `fake.integer`: a whole number drawn uniformly between `min` and `max`.
///
/// Parameters:
/// - `min` (default 0) and `max` (default 1,000,000, or the column's largest value when smaller:
///   32,767 for `smallint`, 10^(p-s) - 1 for `numeric(p,s)`): inclusive bounds. An explicit `max` or
///   `min` outside the column's range is refused.
///
/// Writes text and numeric columns (`smallint`, `integer`, `bigint`, `numeric`, `real`...). The output
/// never equals the input as a number (`42` is not written for `42.00`). One-way; about 2^20 values
/// by default.
public enum FakeIntegerRule {
    static let defaultMaximum = 1_000_000

    public static let definition = FakeRule.definition(
        kind: "integer", summary: "deterministic synthetic integer between min and max",
        parameters: [
            ParameterDefinition(
                name: "min", kind: .integer(Int.min...Int.max), defaultValue: .integer(0), summary: "smallest value"),
            ParameterDefinition(
                name: "max", kind: .integer(Int.min...Int.max),
                summary: "largest value (default 1000000, or the column's largest when smaller)"),
        ],
        outputBits: { arguments in
            guard case .integer(let minimum)? = arguments["min"] else { return nil }
            var maximum = defaultMaximum
            if case .integer(let value)? = arguments["max"] { maximum = value }
            guard maximum > minimum else { return nil }
            let (span, overflow) = maximum.subtractingReportingOverflow(minimum)
            return overflow || span == Int.max ? 63 : SyntheticTime.log2(span + 1)
        },
        accepts: { type, _ in type.isTextual || type.isNumeric },
        makeGenerator: { context throws(RuleConfigurationError) in
            let limits = NumberColumn(context.column.type)
            let minimum = context.integer("min") ?? 0
            let maximum = context.integer("max") ?? min(defaultMaximum, limits.largest)
            guard minimum < maximum else { throw RuleConfigurationError("min must be below max") }
            guard minimum >= limits.smallest, maximum <= limits.largest else {
                throw RuleConfigurationError("min and max must fit the column type \(context.column.type)")
            }
            return IntegerGenerator(range: minimum...maximum)
        }
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.digits)
}

/// The range of whole numbers a numeric column holds (text columns: every `Int`).
struct NumberColumn {
    var smallest = Int.min
    var largest = Int.max

    init(_ declared: String) {
        let type = ColumnType(declared)
        if let kind = type.integerKind, let maximum = Int(kind.maximum) {
            (smallest, largest) = (-maximum - 1, maximum)
        } else if let (precision, scale) = ColumnType.numericPrecisionScale(declared),
            let bound = ScaledDecimal.power(precision - scale)
        {
            (smallest, largest) = (-(bound - 1), bound - 1)
        }
    }
}

struct IntegerGenerator: SyntheticGenerator {
    var range: ClosedRange<Int>

    var requiredLists: [[String]] { [] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        NumberDraw.distinct(from: input, scale: 0, random: &random) { random in ScaledDecimal.draw(range, &random) }
    }
}

enum NumberDraw {
    /// `draw`'s units written with `scale` fraction digits, redrawn (up to 16 times) while they denote the number
    /// `input` denotes.
    static func distinct(
        from input: String, scale: Int, random: inout SeededRandom, _ draw: (inout SeededRandom) -> Int
    ) -> String {
        let original = ScaledDecimal.units(of: input, scale: scale)
        var candidate = draw(&random)
        for _ in 0..<16 where original != nil && candidate == original {
            candidate = draw(&random)
        }
        return ScaledDecimal.format(candidate, scale: scale)
    }
}
