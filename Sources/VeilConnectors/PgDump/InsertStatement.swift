import VeilCore

/// One `INSERT INTO [ONLY] t [(cols)] [OVERRIDING SYSTEM VALUE] VALUES (...), (...);` statement, as pg_dump
/// writes with `--inserts`, `--column-inserts` and `--rows-per-insert`.
///
/// Values stay byte ranges of the statement until asked for, so the pre-scan can check a statement without
/// building strings. Only literals are accepted: strings (`'..'`, `E'..'`, `B'..'`, `X'..'`, `N'..'`, `U&'..'`),
/// numbers with an optional sign, `NULL`, `true`/`false` and `DEFAULT`. Anything else (casts, function calls,
/// `SELECT`, `ON CONFLICT`, `RETURNING`) is refused rather than passed through, so no row data can slip past
/// masking inside an unparsed statement.
struct InsertStatement {
    struct Value {
        enum Kind: Equatable {
            case null
            case `default`
            case boolean
            /// `sign` is `-` or `+` when one was written.
            case number(sign: UInt8?)
            case string(SQLToken.StringPrefix)
        }

        var kind: Kind
        var start: Int
        var end: Int
    }

    var table: TableName
    /// The column list as written, or nil when the statement has none.
    var columns: [String]?
    var overridingSystemValue: Bool
    /// Values per row.
    var width: Int
    /// All values, row after row.
    var values: [Value]

    var rowCount: Int { width == 0 ? 0 : values.count / width }

    /// Why a statement cannot be read; the text never holds a value.
    struct Problem: Error {
        var reason: String
    }

    /// Parses a statement classified as ``StatementKind/insert``.
    static func parse(_ statement: TokenCursor, defaultSchema: String) throws(Problem) -> InsertStatement {
        var cursor = statement
        guard cursor.accept("insert", "into") else { throw Problem(reason: "unreadable INSERT statement") }
        _ = cursor.accept("only")
        guard let table = cursor.qualifiedName(defaultSchema: defaultSchema) else {
            throw Problem(reason: "unreadable table name in INSERT statement")
        }
        if cursor.accept("as") { _ = cursor.identifier() }
        var columns: [String]?
        if cursor.isSymbol("(") {
            guard let list = cursor.identifierList() else {
                throw Problem(reason: "unreadable column list in INSERT statement")
            }
            columns = list
        }
        var overriding = false
        if cursor.accept("overriding", "system", "value") {
            overriding = true
        } else if cursor.isWord("overriding") {
            throw Problem(reason: "INSERT ... OVERRIDING USER VALUE is not supported")
        }
        if cursor.accept("default", "values") {
            throw Problem(reason: "INSERT ... DEFAULT VALUES carries no row data")
        }
        guard cursor.accept("values") else {
            throw Problem(reason: "only INSERT ... VALUES statements of literals can be read")
        }
        var statement = InsertStatement(
            table: table, columns: columns, overridingSystemValue: overriding, width: 0, values: [])
        try statement.parseRows(&cursor)
        return statement
    }

    private mutating func parseRows(_ cursor: inout TokenCursor) throws(Problem) {
        values.reserveCapacity(columns?.count ?? 8)
        repeat {
            guard cursor.acceptSymbol("(") else { throw Problem(reason: "expected ( before a row of values") }
            let rowStart = values.count
            repeat {
                values.append(try Self.value(&cursor))
            } while cursor.acceptSymbol(",")
            guard cursor.acceptSymbol(")") else {
                throw Problem(reason: "a value that is not a literal (only literals are read from INSERT statements)")
            }
            let rowWidth = values.count - rowStart
            if rowStart == 0 {
                width = rowWidth
            } else if rowWidth != width {
                throw Problem(reason: "the rows of one INSERT statement have different numbers of values")
            }
        } while cursor.acceptSymbol(",")
        guard cursor.isAtEnd else {
            throw Problem(reason: "INSERT clauses after VALUES (ON CONFLICT, RETURNING...) are not supported")
        }
        if let columns, columns.count != width {
            throw Problem(reason: "an INSERT statement has \(width) values per row for \(columns.count) columns")
        }
    }

    private static func value(_ cursor: inout TokenCursor) throws(Problem) -> Value {
        guard let token = cursor.current else { throw Problem(reason: "an INSERT statement ends inside a row") }
        var value: Value
        switch token.kind {
        case .string(let prefix):
            if prefix == .unicode && cursor.isWord("uescape", at: 1) {
                throw Problem(reason: "U&'...' UESCAPE literals are not supported")
            }
            value = Value(kind: .string(prefix), start: token.start, end: token.end)
        case .number:
            value = Value(kind: .number(sign: nil), start: token.start, end: token.end)
        case .symbol(let sign) where sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+"):
            guard let number = cursor.token(at: 1), number.kind == .number else {
                throw Problem(reason: "a value that is not a literal (only literals are read from INSERT statements)")
            }
            cursor.index += 1
            value = Value(kind: .number(sign: sign), start: number.start, end: number.end)
        case .word where cursor.isWord("null"):
            value = Value(kind: .null, start: token.start, end: token.end)
        case .word where cursor.isWord("true") || cursor.isWord("false"):
            value = Value(kind: .boolean, start: token.start, end: token.end)
        case .word where cursor.isWord("default"):
            value = Value(kind: .default, start: token.start, end: token.end)
        default:
            throw Problem(reason: "a value that is not a literal (only literals are read from INSERT statements)")
        }
        cursor.index += 1
        if let next = cursor.current, next.kind == .cast || next.kind == .symbol(UInt8(ascii: "(")) {
            throw Problem(reason: "a value with a cast or call (only literals are read from INSERT statements)")
        }
        return value
    }

    /// Positions of `DEFAULT` values, which must be the same in every row of the statement.
    func defaultPositions() throws(Problem) -> [Int] {
        guard width > 0 else { return [] }
        let first = (0..<width).filter { values[$0].kind == .default }
        for row in 1..<max(1, rowCount) {
            let positions = (0..<width).filter { values[row * width + $0].kind == .default }
            if positions != first {
                throw Problem(reason: "DEFAULT stands in different columns in the rows of one INSERT statement")
            }
        }
        return first
    }

    /// The field a value stands for: nil for NULL; numbers and booleans as written; string literals' values.
    static func field(
        _ value: Value, in bytes: UnsafeBufferPointer<UInt8>, standardConformingStrings: Bool
    ) throws(SQLLiteral.Unreadable) -> Field {
        let text = UnsafeBufferPointer(rebasing: bytes[value.start..<value.end])
        switch value.kind {
        case .null, .default:
            return nil
        case .boolean:
            return String(decoding: text, as: UTF8.self)
        case .number(let sign):
            let digits = String(decoding: text, as: UTF8.self)
            guard let sign else { return digits }
            return String(UnicodeScalar(sign)) + digits
        case .string(let prefix):
            return try SQLLiteral.value(of: text, prefix: prefix, standardConformingStrings: standardConformingStrings)
        }
    }

    /// True when decoding the value can fail (escapes that may not form UTF-8), so the pre-scan checks it.
    static func needsCheck(_ value: Value, standardConformingStrings: Bool) -> Bool {
        switch value.kind {
        case .string(.escape), .string(.unicode): true
        case .string(.none), .string(.national): !standardConformingStrings
        default: false
        }
    }
}
