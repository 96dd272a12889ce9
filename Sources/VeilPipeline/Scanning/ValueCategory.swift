import VeilCore
import VeilMasking

/// The broad kind of values a column holds, from its declared type, or — for a column declared as text or not
/// typed at all (SQLite, CSV) — from what nearly all its sampled values are.
public enum ValueCategory: Sendable, Hashable {
    case boolean, number, temporal, binary, json, ipAddress, macAddress, derived, array, uuid, text

    public init(declaredType: String, sample: ColumnSample, hint: ColumnNameHint = .none) {
        let type = declaredType.lowercased()
        let declared = ColumnType(declaredType)
        switch true {
        case type.hasSuffix("]"): self = .array
        case type.hasPrefix("bool"): self = .boolean
        case declared.isNumeric: self = .number
        case type.hasPrefix("date") || type.hasPrefix("time") || type.contains("timestamp"): self = .temporal
        case type.contains("bytea") || type.contains("blob") || type.contains("binary"): self = .binary
        case type.hasPrefix("json"): self = .json
        case type == "inet" || type == "cidr": self = .ipAddress
        // Before the values: `macaddr8`'s `08:00:2b:...` reads like an IPv6 address.
        case type == "macaddr" || type == "macaddr8": self = .macAddress
        case type.contains("tsvector"): self = .derived
        case type == "uuid": self = .uuid
        default: self = Self.fromValues(sample, hint: hint)
        }
    }

    /// Text columns whose sampled values are (nearly) all numbers, dates or booleans count as those — unless the
    /// name says they are personal data written as digits (a phone number, a postcode). A text column whose every
    /// sampled value is a JSON document (an object or an array) is JSON, whatever its name: a SQLite `TEXT` or a CSV
    /// field of documents gets `json` with paths like a `jsonb` column, which finds the names `scrub` cannot.
    private static func fromValues(_ sample: ColumnSample, hint: ColumnNameHint) -> ValueCategory {
        if sample.nonEmpty > 0, sample.jsonDocuments == sample.nonEmpty { return .json }
        guard sample.nonEmpty > 0,
            [.none, .identifier, .timestamp, .birthDate, .salary, .personalNumber].contains(hint)
        else {
            return .text
        }
        if sample.share(sample.numeric) >= 0.98, hint != .birthDate { return .number }
        if sample.share(sample.dates) >= 0.98 { return .temporal }
        if sample.share(sample.booleanLike) >= 0.98 { return .boolean }
        return .text
    }
}
