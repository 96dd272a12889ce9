/// A rule argument's value as the profile spells it.
///
/// YAML scalars map by their resolved type: integers to ``integer(_:)``, booleans to ``boolean(_:)``, and
/// everything else (strings, floats such as `0.1`, dates, and the word `null`) to ``string(_:)`` with the
/// text exactly as written, so that a rule parses the number or date form it needs. YAML `null` becomes
/// `.string("null")` because several rule parameters take the word `null` (`short: null`).
public indirect enum ProfileValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case list([ProfileValue])
    case map([String: ProfileValue])

    /// The text of a ``string(_:)``, or the decimal text of an ``integer(_:)``; `nil` otherwise.
    public var stringValue: String? {
        switch self {
        case .string(let text): text
        case .integer(let value): String(value)
        default: nil
        }
    }

    /// The value of an ``integer(_:)``, or of a ``string(_:)`` holding a decimal integer; `nil` otherwise.
    public var integerValue: Int? {
        switch self {
        case .integer(let value): value
        case .string(let text): Int(text)
        default: nil
        }
    }

    /// The value of a ``boolean(_:)``; `nil` otherwise.
    public var booleanValue: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    /// The value of a ``string(_:)`` or ``integer(_:)`` as a floating-point number (`0.1`, `1e3`, `5`).
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .string(let text): Double(text)
        default: nil
        }
    }

    /// The elements of a ``list(_:)``; `nil` otherwise.
    public var listValue: [ProfileValue]? {
        if case .list(let values) = self { return values }
        return nil
    }

    /// The entries of a ``map(_:)``; `nil` otherwise.
    public var mapValue: [String: ProfileValue]? {
        if case .map(let values) = self { return values }
        return nil
    }

    /// A short YAML-like rendering for messages about configuration (never used for secrets).
    public var description: String {
        switch self {
        case .string(let text): text
        case .integer(let value): String(value)
        case .boolean(let value): String(value)
        case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .map(let values):
            "{" + values.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
