/// `fake.decimal`: a decimal number with a fixed number of fraction digits, drawn uniformly between
/// `min` and `max` (`417.38`).
///
/// Parameters:
/// - `min` (default `0`) and `max` (default `1000`, or the column's largest value when smaller):
///   inclusive bounds, written as decimals (`-5.25`).
/// - `scale`: fraction digits, 0 to 18; defaults to the column's scale for `numeric(p,s)`, 0 for integer
///   columns, else 2.
///
/// Respects a `numeric(p,s)` column: a `scale` other than the column's, or a bound with more than
/// p - s whole digits, is refused; integer columns accept only `scale: 0`. Writes text and numeric
/// columns. The output never equals the input as a number. One-way.
public enum FakeDecimalRule {
    public static let definition = FakeRule.definition(
        kind: "decimal", summary: "deterministic synthetic decimal between min and max (scale)",
        parameters: [
            ParameterDefinition(name: "min", kind: .string, defaultValue: .string("0"), summary: "smallest value"),
            ParameterDefinition(
                name: "max", kind: .string, defaultValue: .string("1000"),
                summary: "largest value (lowered to the column's largest when that is smaller)"),
            ParameterDefinition(
                name: "scale", kind: .integer(0...18),
                summary: "fraction digits (default: the column's scale; 0 on integer columns; else 2)"),
        ],
        accepts: { type, _ in type.isTextual || type.isNumeric },
        makeGenerator: { context throws(RuleConfigurationError) in try DecimalGenerator(context) }
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.digits)
}

struct DecimalGenerator: SyntheticGenerator {
    /// The range in units of 10^-scale.
    var units: ClosedRange<Int>
    var scale: Int

    var requiredLists: [[String]] { [] }

    init(units: ClosedRange<Int>, scale: Int) {
        self.units = units
        self.scale = scale
    }

    init(_ context: RuleContext) throws(RuleConfigurationError) {
        let declared = context.column.type
        let column = ColumnType.numericPrecisionScale(declared)
        let scale = context.integer("scale") ?? column?.scale ?? (ColumnType(declared).integerKind != nil ? 0 : 2)
        if let column, scale != column.scale {
            throw RuleConfigurationError("scale \(scale) does not match the column's numeric scale \(column.scale)")
        }
        if ColumnType(declared).integerKind != nil && scale != 0 {
            throw RuleConfigurationError("an integer column needs scale: 0 (or use fake.integer)")
        }
        guard let minimum = ScaledDecimal.scaled(context.string("min") ?? "0", scale: scale),
            var maximum = ScaledDecimal.scaled(context.string("max") ?? "1000", scale: scale)
        else {
            throw RuleConfigurationError("min and max must be decimals with at most \(scale) fraction digits")
        }
        // The column's largest value, in units: 10^(p-s) - 1 whole units' worth, or the integer type's maximum.
        var largest = Int.max
        if let column, let bound = ScaledDecimal.power(column.precision) { largest = bound - 1 }
        if let kind = ColumnType(declared).integerKind, let value = Int(kind.maximum) { largest = value }
        if case .string("1000")? = context.arguments["max"] { maximum = min(maximum, largest) }
        guard minimum < maximum else { throw RuleConfigurationError("min must be below max") }
        guard maximum <= largest, minimum >= -largest else {
            throw RuleConfigurationError("min and max must fit the column type \(declared)")
        }
        self.init(units: minimum...maximum, scale: scale)
    }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        NumberDraw.distinct(from: input, scale: scale, random: &random) { random in ScaledDecimal.draw(units, &random) }
    }
}
