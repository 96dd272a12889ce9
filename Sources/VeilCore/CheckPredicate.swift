/// What a single-column CHECK constraint requires of a value, for the forms Veil can read.
///
/// Understood (as PostgreSQL and pg_dump print them, casts such as `::numeric` ignored): `col op constant` and
/// `constant op col` with `=`, `<>`, `!=`, `<`, `<=`, `>`, `>=`; `col IN (...)` and `col = ANY (ARRAY[...])`;
/// `col BETWEEN a AND b`; `char_length(col)`, `character_length(col)` or `length(col)` compared with a number;
/// `col IS NOT NULL`; and conjunctions (`AND`) of these, with any parentheses. Anything else (`OR`, other
/// functions, other columns, regular expressions) makes the whole predicate unknown: Veil then does not judge.
public struct CheckPredicate: Sendable, Equatable {
    indirect enum Condition: Sendable, Equatable {
        case all([Condition])
        case compare(Subject, Comparison, Constant)
        case member(Subject, [Constant])
        case notNull
    }

    enum Subject: Sendable, Equatable {
        case value
        case length
    }

    enum Comparison: String, Sendable, Equatable {
        case equal = "="
        case notEqual = "<>"
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="

        var flipped: Comparison {
            switch self {
            case .less: .greater
            case .lessOrEqual: .greaterOrEqual
            case .greater: .less
            case .greaterOrEqual: .lessOrEqual
            case .equal, .notEqual: self
            }
        }
    }

    enum Constant: Sendable, Equatable {
        case number(Double)
        case text(String)
    }

    let condition: Condition

    /// Parses `expression` (the inside of `CHECK (...)`) as a condition on `column`; `nil` when not understood.
    public init?(_ expression: String, column: String) {
        var parser = CheckExpressionParser(tokens: CheckExpressionLexer.tokens(expression), column: column)
        guard let condition = parser.parseExpression(), parser.isAtEnd else { return nil }
        self.condition = condition
    }

    /// Whether a non-NULL `value` (in PostgreSQL's text form) satisfies the constraint: `true`, `false`, or
    /// `nil` when Veil cannot tell (a text compared by order, a number that does not parse).
    public func admits(_ value: String) -> Bool? {
        Self.evaluate(condition, value)
    }

    /// The numeric range the constraint allows, when it bounds the value by numbers: `(lower, lowerInclusive,
    /// upper, upperInclusive)`; a missing side is `nil`.
    public var numericBounds: (lower: Double?, lowerInclusive: Bool, upper: Double?, upperInclusive: Bool) {
        var bounds: (lower: Double?, lowerInclusive: Bool, upper: Double?, upperInclusive: Bool) = (
            nil, true, nil, true
        )
        func visit(_ condition: Condition) {
            switch condition {
            case .all(let parts): parts.forEach(visit)
            case .compare(.value, let comparison, .number(let number)):
                switch comparison {
                case .greater, .greaterOrEqual:
                    if bounds.lower.map({ number >= $0 }) ?? true {
                        bounds.lower = number
                        bounds.lowerInclusive = comparison == .greaterOrEqual
                    }
                case .less, .lessOrEqual:
                    if bounds.upper.map({ number <= $0 }) ?? true {
                        bounds.upper = number
                        bounds.upperInclusive = comparison == .lessOrEqual
                    }
                default: break
                }
            default: break
            }
        }
        visit(condition)
        return bounds
    }

    private static func evaluate(_ condition: Condition, _ value: String) -> Bool? {
        switch condition {
        case .notNull:
            return true
        case .all(let parts):
            var known = true
            for part in parts {
                switch evaluate(part, value) {
                case false?: return false
                case nil: known = false
                case true?: break
                }
            }
            return known ? true : nil
        case .member(let subject, let constants):
            var known = true
            for constant in constants {
                switch compare(subject, value, .equal, constant) {
                case true?: return true
                case nil: known = false
                case false?: break
                }
            }
            return known ? false : nil
        case .compare(let subject, let comparison, let constant):
            return compare(subject, value, comparison, constant)
        }
    }

    private static func compare(_ subject: Subject, _ value: String, _ comparison: Comparison, _ constant: Constant)
        -> Bool?
    {
        let order: Int
        switch (subject, constant) {
        case (.length, .number(let number)):
            order = ordering(Double(value.unicodeScalars.count), number)
        case (.value, .number(let number)):
            guard let parsed = Double(value.trimmingSpaces) else { return nil }
            order = ordering(parsed, number)
        case (.value, .text(let text)):
            if comparison == .equal { return value == text }
            if comparison == .notEqual { return value != text }
            return nil  // text order depends on the collation
        case (.length, .text):
            return nil
        }
        switch comparison {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        }
    }

    private static func ordering(_ left: Double, _ right: Double) -> Int {
        left < right ? -1 : left > right ? 1 : 0
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
