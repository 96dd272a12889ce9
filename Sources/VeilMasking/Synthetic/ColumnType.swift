/// What a rule needs to know about a column's declared type: its maximum length and whether it
/// holds text or numbers.
///
/// Parsing is lenient: it understands PostgreSQL's `format_type` spellings (`character varying(50)`,
/// `character(2)`, `integer`...) and common SQLite declarations (`VARCHAR(40)`, `NVARCHAR(40)`,
/// `INTEGER`); anything unknown counts as text without a length limit.
public struct ColumnType: Sendable, Equatable {
    /// The integer kinds whose range bounds a masked value.
    public enum IntegerKind: Sendable, Equatable {
        case smallint, integer, bigint

        /// The largest positive value, as decimal digits.
        var maximum: String {
            switch self {
            case .smallint: "32767"
            case .integer: "2147483647"
            case .bigint: "9223372036854775807"
            }
        }
    }

    /// The declared maximum length in characters (`varchar(n)`, `char(n)`), if any.
    public let maximumLength: Int?
    /// Set for smallint, integer and bigint columns.
    public let integerKind: IntegerKind?
    /// True for integer, numeric/decimal, floating-point and money columns.
    public let isNumeric: Bool
    /// False for types that cannot hold arbitrary text: numbers, booleans, dates, uuids, json...
    public let isTextual: Bool

    /// Parses a declared type such as `character varying(50)` or `pg_catalog.int4`.
    public init(_ declared: String) {
        var text = declared.lowercased().filter { $0 != "\"" }.trimmingSpaces()
        if text.hasPrefix("pg_catalog.") { text.removeFirst("pg_catalog.".count) }

        guard !text.hasSuffix("]") else {
            // An array is neither plain text nor a number.
            (maximumLength, integerKind, isNumeric, isTextual) = (nil, nil, false, false)
            return
        }
        var name = text
        var argument: Int?
        if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
            name = String(text[..<open])
            while name.last == " " { name.removeLast() }
            let inside = text[text.index(after: open)..<close]
            argument = Int(inside.split(separator: ",").first.map { String($0).trimmingSpaces() } ?? "")
        }

        let integer = Self.integerKinds[name]
        let numeric = integer != nil || Self.otherNumericNames.contains(name)
        integerKind = integer
        isNumeric = numeric
        isTextual = !numeric && !Self.otherNonTextNames.contains(where: { name.hasPrefix($0) })
        if name.contains("char") && isTextual {
            // Bare `character`/`char` means one character in PostgreSQL; bare `varchar`/`bpchar` is unbounded.
            maximumLength = argument ?? ((name == "character" || name == "char") ? 1 : nil)
        } else {
            maximumLength = nil
        }
    }

    /// Truncates `value` to the declared maximum length, counted in Unicode scalars as PostgreSQL
    /// counts characters. Values that fit are returned unchanged.
    public func fit(_ value: String) -> String {
        guard let maximumLength else { return value }
        return value.truncatedToScalars(maximumLength)
    }

    /// How many of the UTF-8 `bytes` ``fit(_:)`` keeps: all, or those of the first `maximumLength` scalars.
    func fittedLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let maximumLength, bytes.count > maximumLength else { return bytes.count }
        var scalars = 0
        for (offset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
            // `offset` starts scalar number `scalars + 1`.
            if scalars == maximumLength { return offset }
            scalars += 1
        }
        return bytes.count
    }

    private static let integerKinds: [String: IntegerKind] = [
        "smallint": .smallint, "int2": .smallint, "tinyint": .smallint, "smallserial": .smallint,
        "integer": .integer, "int": .integer, "int4": .integer, "serial": .integer, "mediumint": .integer,
        "bigint": .bigint, "int8": .bigint, "bigserial": .bigint,
    ]
    private static let otherNumericNames: Set<String> = [
        "numeric", "decimal", "real", "double precision", "double", "float", "float4", "float8", "money",
    ]
    private static let otherNonTextNames = [
        "bool", "date", "time", "interval", "uuid", "bytea", "blob", "json", "inet", "cidr", "macaddr", "oid",
        "point", "line", "lseg", "box", "path", "polygon", "circle", "tsvector", "tsquery", "bit", "int4range",
        "int8range", "numrange", "tsrange", "tstzrange", "daterange",
    ]
}

extension String {
    /// The first `count` Unicode scalars of the string (the whole string when it is short enough).
    func truncatedToScalars(_ count: Int) -> String {
        if utf8.count <= count { return self }
        var scalars = unicodeScalars
        guard scalars.count > count else { return self }
        let end = scalars.index(scalars.startIndex, offsetBy: count)
        scalars.removeSubrange(end...)
        return String(scalars)
    }

    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}

extension ColumnType {
    /// The precision and scale of a declared `numeric(p,s)`/`decimal(p,s)` (`numeric(p)` has scale 0), or
    /// `nil` for other types and an unconstrained `numeric`.
    public static func numericPrecisionScale(_ declared: String) -> (precision: Int, scale: Int)? {
        var text = declared.lowercased().filter { $0 != "\"" && $0 != " " }
        if text.hasPrefix("pg_catalog.") { text.removeFirst("pg_catalog.".count) }
        guard text.hasPrefix("numeric(") || text.hasPrefix("decimal("), text.hasSuffix(")") else { return nil }
        let inside = text.drop { $0 != "(" }.dropFirst().dropLast()
        let numbers = inside.split(separator: ",").map { Int($0) }
        guard (1...2).contains(numbers.count), let precision = numbers[0], precision >= 1 else { return nil }
        let scale = numbers.count == 2 ? numbers[1] : 0
        guard let scale, (0...precision).contains(scale) else { return nil }
        return (precision, scale)
    }
}
