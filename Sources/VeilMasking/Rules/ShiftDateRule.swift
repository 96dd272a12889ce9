import VeilCore
import VeilCrypto

/// `shift_date`: moves a date or timestamp by a keyed, deterministic number of days.
///
/// The shift is a whole number of days in `[-max_days, -1] ∪ [1, max_days]` (never 0), drawn from
/// the HMAC of a seed under the domain's key. Only the `YYYY-MM-DD` part changes: the time,
/// fraction, zone and a trailing ` BC` stay exactly as written, so `2022-02-15 10:30:00.123+00`
/// becomes, say, `2021-11-02 10:30:00.123+00`. Accepts PostgreSQL's ISO text forms
/// (`2022-02-15`, `2022-02-15 10:30:00`, `2022-02-15T10:30:00Z`, BC dates, long years), and every one of them
/// moves by at least one day. `infinity` and `-infinity` are not dates to move: they pass unchanged, by design,
/// and the leak check does not count them (``RuleDefinition/keepsUnchanged``). Anything else is an error naming
/// the row.
///
/// Parameters:
/// - `max_days` (default 180): the largest shift, in days.
/// - `by`: a column of the same row whose *original* value seeds the shift, so every date of one
///   entity (a customer's birth date, sign-up date, last order...) moves by the same amount and
///   intervals between them survive. Two columns move together when they use the same `by` value,
///   `max_days` and domain; the planner gives a `by` column's dates the domain of the `by` column.
///   A NULL `by` value falls back to seeding from the date itself. Without `by`, the value itself
///   seeds the shift (equal dates move alike, different dates independently).
public enum ShiftDateRule {
    public static let definition = RuleDefinition(
        name: "shift_date",
        summary: "moves a date or timestamp by a keyed number of days, keeping its text format",
        parameters: [
            ParameterDefinition(
                name: "max_days", kind: .integer(1...36_500), defaultValue: .integer(180),
                summary: "largest shift in days (the shift is never 0)"),
            ParameterDefinition(
                name: "by", kind: .string,
                summary: "column whose original value seeds the shift, so an entity's dates move together"),
        ],
        isKeyed: true,
        make: { context throws(RuleConfigurationError) in try ShiftDateTransformer(context) }
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.digits)
    .withKeepsUnchanged { ShiftDateTransformer.specialValues.contains($0) }
}

/// The `shift_date` rule bound to its options and domain key. See ``ShiftDateRule``.
public struct ShiftDateTransformer: Transformer {
    static let invalidReason = "not a date or timestamp in ISO format (YYYY-MM-DD...)"
    /// PostgreSQL's infinite dates and timestamps, passed through unchanged.
    static let specialValues: Set<String> = ["infinity", "-infinity"]

    let maxDays: Int
    let by: String?
    let seed: KeyedSeed

    public var relatedColumns: [String] { by.map { [$0] } ?? [] }

    /// - Throws: when `max_days` is not positive, `by` is empty or the column is numeric.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        guard !ColumnType(context.column.type).isNumeric else {
            throw RuleConfigurationError("shift_date needs a date, timestamp or text column")
        }
        maxDays = context.integer("max_days") ?? 180
        guard maxDays >= 1 else { throw RuleConfigurationError("max_days must be at least 1") }
        by = context.string("by")
        if by?.isEmpty == true { throw RuleConfigurationError("by must name a column") }
        seed = KeyedSeed(hmac: context.keys.hmac, label: "shift_date")
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        try EntitySeeds.transformEach(&values, related: related, by: by) { value, seed throws(ValueError) in
            try shift(value, days: shiftDays(seed: seed))
        }
    }

    /// The shift for a seed: uniform over `[-maxDays, -1] ∪ [1, maxDays]`.
    func shiftDays(seed seedValue: String) -> Int {
        var random = seed.random(seedValue)
        let draw = random.next(below: 2 * maxDays)
        return draw < maxDays ? -(draw + 1) : draw - maxDays + 1
    }

    /// `value` moved by `days`, keeping its text form.
    func shift(_ value: String, days: Int) throws(ValueError) -> String {
        if Self.specialValues.contains(value) { return value }
        guard let text = DateText(Array(value.utf8)) else { throw ValueError(Self.invalidReason) }
        return text.formatted(with: text.date.adding(days: days))
    }
}
