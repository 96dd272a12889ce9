import VeilCore

/// `generalize`: replaces a date by the start of its month or year, and a number by the start of its bucket.
///
/// Dates and timestamps (PostgreSQL's ISO text forms, as `shift_date` reads them) become the first day
/// of their month (`to: month`, the default) or year (`to: year`): `2022-02-15` → `2022-02-01`,
/// `2022-02-15 10:30:00.123+02` → `2022-02-01 00:00:00.000+02`. The time of day is zeroed digit by
/// digit, so the text form stays the column's, and a time-zone offset or ` BC` suffix is kept as written.
/// `infinity` and `-infinity` pass unchanged.
///
/// Numbers become the bucket boundary next to them towards zero: with `bucket: 10`, 37 → 30 and
/// -37 → -30, 5 → 0. Rounding towards zero (rather than down) keeps the sign and never grows the
/// magnitude, so the result always fits the column (an integer's range, a `numeric(p,s)` precision).
/// A decimal bucket such as `0.5` works on decimal values (3.74 → 3.50), and the value keeps the number
/// of fraction digits it was written with (the column's scale). Numbers of more than 18 significant
/// digits and exponent forms (`1e5`) are refused, naming the row. Anything that is neither a date nor a
/// number is an error naming the row, never the value.
///
/// Parameters:
/// - `to` (default `month`): `month` or `year`, for dates.
/// - `bucket` (default `10`): a positive number, the width of a number bucket; may be a decimal written
///   as a string (`"0.5"`). On an integer column it must be a whole number; on `numeric(p,s)` it may have
///   at most `s` fraction digits.
///
/// Not keyed (the same value generalizes alike under every key store) and lossy: many inputs share an
/// output, which is the point. A value already on a boundary (`2022-02-01`, `30`) comes out unchanged.
/// That is not a leak beyond what generalizing promises (the month, the bucket), so the catalogue's
/// "output never equals input" contract test excludes this rule.
public enum GeneralizeRule {
    public static let definition = RuleDefinition(
        name: "generalize",
        summary: "dates to the start of their month or year, numbers to the start of their bucket",
        parameters: [
            ParameterDefinition(
                name: "to", kind: .choice(["month", "year"]), defaultValue: .string("month"),
                summary: "month | year: what a date is truncated to"),
            ParameterDefinition(
                name: "bucket", kind: .string, defaultValue: .string("10"),
                summary: "width of a number bucket (a positive number such as 10, 1000 or 0.5)"),
        ],
        isKeyed: false,
        make: { context throws(RuleConfigurationError) in try GeneralizeTransformer(context) }
    )
    .withLeakRole(.unchecked)
    .withOutputSpace(.shapes([.digits, .mixed]))
}

/// The `generalize` rule bound to its options. See ``GeneralizeRule``.
public struct GeneralizeTransformer: ValueTransformer {
    static let invalidReason = "neither a date in ISO format (YYYY-MM-DD...) nor a plain decimal number"

    let toYear: Bool
    /// The bucket as a scaled integer, and its scale (`0.5` is 5 at scale 1).
    let bucketMagnitude: UInt64
    let bucketScale: Int

    /// - Throws: when `to` is unknown, `bucket` is not a positive number, or does not fit the column.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        let to = context.string("to") ?? "month"
        guard to == "month" || to == "year" else { throw RuleConfigurationError("to must be month or year") }
        toYear = to == "year"
        let bucketText = context.string("bucket") ?? "10"
        guard let bucket = DecimalText(bucketText), !bucket.isNegative, bucket.exponent.isEmpty,
            let magnitude = bucket.magnitude(atScale: bucket.scale), magnitude > 0
        else {
            throw RuleConfigurationError("bucket must be a positive number such as 10 or 0.5")
        }
        // Trailing zeros after the point do not make a finer bucket: 0.50 is 0.5.
        var scaled = magnitude
        var scale = bucket.scale
        while scale > 0, scaled % 10 == 0 {
            scaled /= 10
            scale -= 1
        }
        bucketMagnitude = scaled
        bucketScale = scale
        let type = ColumnType(context.column.type)
        if type.integerKind != nil, bucketScale > 0 {
            throw RuleConfigurationError("bucket must be a whole number on an integer column")
        }
        if let precision = NumericPrecision(context.column.type), bucketScale > precision.scale {
            throw RuleConfigurationError("bucket has more fraction digits than the column's scale")
        }
    }

    public func transform(_ value: String) throws(ValueError) -> String {
        if value == "infinity" || value == "-infinity" { return value }
        if let date = DateText(Array(value.utf8)) { return generalize(date) }
        guard let number = DecimalText(value), number.exponent.isEmpty else { throw ValueError(Self.invalidReason) }
        return try generalize(number)
    }

    /// The first day of the date's month or year, with the time of day zeroed.
    func generalize(_ text: DateText) -> String {
        let start = CivilDate(year: text.date.year, month: toYear ? 1 : text.date.month, day: 1)
        var zeroed = text
        zeroed.rest = ArraySlice(Self.zeroingTime(text.rest))
        return zeroed.formatted(with: start)
    }

    /// The bucket boundary towards zero, written with the value's own scale (or the bucket's, if finer).
    func generalize(_ number: DecimalText) throws(ValueError) -> String {
        let scale = max(number.scale, bucketScale)
        guard let magnitude = number.magnitude(atScale: scale) else {
            throw ValueError("more than \(DecimalText.maximumDigits) significant digits")
        }
        var bucket = bucketMagnitude
        for _ in 0..<(scale - bucketScale) {
            let (next, overflow) = bucket.multipliedReportingOverflow(by: 10)
            // A bucket wider than any 18-digit value puts everything in the bucket at zero.
            guard !overflow else { return number.formatted(magnitude: 0, scale: scale, negative: false) }
            bucket = next
        }
        return number.formatted(magnitude: magnitude - magnitude % bucket, scale: scale, negative: number.isNegative)
    }

    /// `rest` (what follows the date) with every digit of the time of day set to 0; the separator, the
    /// punctuation and a zone (`+02`, `-05:30`, `Z`, `UTC`) stay as written.
    static func zeroingTime(_ rest: ArraySlice<UInt8>) -> [UInt8] {
        var output = Array(rest)
        var index = 1  // past the ' ' or 'T' separating date and time
        while index < output.count {
            let byte = output[index]
            if byte == 0x2B || byte == 0x2D || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) { break }
            if (0x30...0x39).contains(byte) { output[index] = 0x30 }
            index += 1
        }
        return output
    }
}
