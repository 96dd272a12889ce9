import VeilCore

/// `noise`: moves a number by a keyed, deterministic amount of at most `percent` of its value, and always by at
/// least one unit of its last digit.
///
/// The amount is drawn from the HMAC of a seed under the domain's key: a fraction in (0, 1] of the
/// largest allowed change (`percent` of the value's magnitude, in units of the value's last digit), at
/// least one unit, and a direction. So `1000` with the default 10% becomes a value in 900...1100 other
/// than 1000, and the same value (or the same `by` value) always moves the same way.
///
/// Every finite number moves, so no output equals its input:
/// - A value too small for `percent` to reach one unit (`3` with 10%, `0.04` in a `numeric(10,2)`) moves by
///   exactly one unit — more than `percent`, the only way to change it. A unit is one of the value's last digit
///   or of the column's scale, whichever is finer: `1` in an integer column, `0.01` in a `numeric(10,2)`.
/// - Zero becomes one unit (`0` → `1`, `0.00` → `0.01`; a written `-0` becomes minus one unit), and a value of
///   one unit becomes two: a change that would reach zero or cross it goes away from zero instead.
///
/// The number keeps what the column needs:
/// - Sign: a positive value never becomes zero or negative and a negative one never becomes zero or positive.
/// - Type: an integer column gets integers within its range (a change that would leave the range goes
///   the other way, towards zero); a `numeric(p,s)` column keeps its precision the same way and its scale:
///   values are worked at the column's `s` fraction digits (or the value's own, if more), so `12.00` moves
///   by cents. A text column holding numbers is read the same way (`-0.25`, `+3`, `1.5e+20`: the exponent is
///   kept and the digits before it move).
///
/// `NaN`, `Infinity` and `-Infinity` (and `infinity`, `-infinity`) are not numbers to move: they pass unchanged,
/// by design, and the leak check does not count them (``RuleDefinition/keepsUnchanged``). Numbers of more than
/// 18 significant digits and anything that is not a decimal number are errors naming the row, never the value.
///
/// Parameters:
/// - `percent` (default 10): the largest change, as a percentage of the value, above 0 and below 100;
///   may be a decimal written as a string (`"2.5"`), to three fraction digits. It is relative only: there is no
///   absolute amount, and the one-unit floor above is what moves zero and the smallest values.
/// - `by`: a column of the same row whose *original* value seeds the draw, so every amount of one entity
///   (an order's net, tax and total) moves by the same factor and their ratios survive. A NULL `by` value
///   falls back to seeding from the value itself.
///
/// Keyed and lossy (not reversible): nearby values can land on the same output.
public enum NoiseRule {
    public static let definition = RuleDefinition(
        name: "noise",
        summary:
            "moves a number by a keyed amount, at most percent of it and at least one unit, keeping sign, type and scale",
        parameters: [
            ParameterDefinition(
                name: "percent", kind: .string, defaultValue: .string("10"),
                summary: "largest change as a percentage of the value (above 0, below 100; e.g. 10 or 2.5)"),
            ParameterDefinition(
                name: "by", kind: .string,
                summary: "column whose original value seeds the draw, so an entity's amounts move together"),
        ],
        isKeyed: true,
        make: { context throws(RuleConfigurationError) in try NoiseTransformer(context) }
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.digits)
    .withKeepsUnchanged { NoiseTransformer.specialValues.contains($0) }
}

/// The `noise` rule bound to its options and domain key. See ``NoiseRule``.
public struct NoiseTransformer: Transformer {
    static let invalidReason = "not a decimal number"
    /// Values that are not numbers to move, passed through unchanged: PostgreSQL's float and numeric spellings.
    static let specialValues: Set<String> = ["NaN", "Infinity", "-Infinity", "infinity", "-infinity"]
    /// Resolution of the drawn fraction of the largest change.
    static let fractionBits = 20

    /// The percentage times 1000 (2.5% is 2500).
    let percentMilli: UInt64
    let by: String?
    let seed: KeyedSeed
    /// Fraction digits every value is worked at (at least its own): the column's scale, 0 for integers.
    let columnScale: Int
    let integerLimit: (positive: UInt64, negative: UInt64)?
    let precision: NumericPrecision?

    public var relatedColumns: [String] { by.map { [$0] } ?? [] }

    /// - Throws: when `percent` is not in (0, 100), `by` is empty, or the column cannot hold numbers.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        guard let percent = DecimalText(context.string("percent") ?? "10"), !percent.isNegative,
            percent.exponent.isEmpty, percent.scale <= 3, let milli = percent.magnitude(atScale: 3),
            milli > 0, milli < 100_000
        else {
            throw RuleConfigurationError("percent must be a number above 0 and below 100, with at most 3 decimals")
        }
        percentMilli = milli
        by = context.string("by")
        if by?.isEmpty == true { throw RuleConfigurationError("by must name a column") }
        let type = ColumnType(context.column.type)
        guard type.isNumeric || type.isTextual else {
            throw RuleConfigurationError("noise needs a numeric or text column")
        }
        guard !context.column.type.lowercased().contains("money") else {
            throw RuleConfigurationError("noise cannot read money's currency format; use a numeric column")
        }
        precision = NumericPrecision(context.column.type)
        if let kind = type.integerKind, let maximum = UInt64(kind.maximum) {
            integerLimit = (maximum, maximum + 1)
            columnScale = 0
        } else {
            integerLimit = nil
            columnScale = precision?.scale ?? 0
        }
        seed = KeyedSeed(hmac: context.keys.hmac, label: "noise")
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        try EntitySeeds.transformEach(&values, related: related, by: by) { value, seed throws(ValueError) in
            try noise(value, seed: seed)
        }
    }

    /// `value` moved by the amount drawn from `seedValue`: at most `percent` of it, at least one unit, never to
    /// zero or across it.
    func noise(_ value: String, seed seedValue: String) throws(ValueError) -> String {
        if Self.specialValues.contains(value) { return value }
        guard let number = DecimalText(value) else { throw ValueError(Self.invalidReason) }
        let scale = max(number.scale, columnScale)
        guard let magnitude = number.magnitude(atScale: scale) else {
            throw ValueError("more than \(DecimalText.maximumDigits) significant digits")
        }
        let largest = Self.scaled(magnitude, byMilliPercent: percentMilli)
        var random = seed.random(seedValue)
        let fraction = UInt64(random.next(below: 1 << Self.fractionBits) + 1)
        let change = max(1, Self.ceilingOfProduct(largest, fraction, shift: Self.fractionBits))
        // Only a magnitude of zero or one unit meets a change this large (percent is below 100): it grows.
        var grow = random.chance(1, in: 2) || change >= magnitude
        if grow, let limit = limit(negative: number.isNegative, scale: scale), magnitude + change > limit {
            grow = false
        }
        // A column holds at least 9 units, so a value cannot be both at its limit and within one unit of zero.
        guard grow || change < magnitude else { throw ValueError("no room to move within the column's range") }
        let moved = grow ? magnitude + change : magnitude - change
        return number.formatted(magnitude: moved, scale: scale, negative: number.isNegative)
    }

    /// The largest magnitude the column accepts at `scale`, or `nil` when unbounded.
    private func limit(negative: Bool, scale: Int) -> UInt64? {
        if let integerLimit { return negative ? integerLimit.negative : integerLimit.positive }
        return precision?.maximumMagnitude(atScale: scale)
    }

    /// `floor(magnitude × milli / 100000)`, exactly.
    static func scaled(_ magnitude: UInt64, byMilliPercent milli: UInt64) -> UInt64 {
        let product = magnitude.multipliedFullWidth(by: milli)
        return UInt64(100_000).dividingFullWidth(product).quotient
    }

    /// `ceil(a × b / 2^shift)`, exactly, for `a < 2^63` and `b ≤ 2^shift`.
    static func ceilingOfProduct(_ a: UInt64, _ b: UInt64, shift: Int) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        let mask: UInt64 = (1 << UInt64(shift)) - 1
        let quotient = (high << UInt64(64 - shift)) | (low >> UInt64(shift))
        return quotient + (low & mask == 0 ? 0 : 1)
    }
}
