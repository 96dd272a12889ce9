/// The PostgreSQL functions ``GenerationExpressionTranslator`` translates, each to SQLite SQL that gives the same
/// text for the same arguments (within the limits the translator names).
enum GenerationFunctionTranslation {
    typealias Failure = GenerationExpressionTranslator.Failure
    typealias ValueType = GenerationExpressionTranslator.ValueType
    typealias Translate = (PostgresExpression) throws(Failure) -> (String, ValueType)

    /// The SQLite form of `name(arguments)`, its arguments translated by `translate`.
    static func translate(
        _ name: String, _ arguments: [PostgresExpression], with translate: Translate
    ) throws(Failure) -> (String, ValueType) {
        var translated: [(sql: String, type: ValueType)] = []
        for argument in arguments { translated.append(try translate(argument)) }
        let sql = translated.map(\.sql)
        let types = translated.map(\.type)
        func expect(_ expected: [[ValueType]]) throws(Failure) {
            guard types.count == expected.count,
                zip(types, expected).allSatisfy({ $1.contains($0) || $0 == .null })
            else {
                throw Failure(reason: "the function \(name) with these arguments")
            }
        }
        switch name {
        case "lower", "upper":
            try expect([[.text]])
            return ("\(name)(\(sql[0]))", .text)
        case "length", "char_length", "character_length":
            try expect([[.text]])
            return ("length(\(sql[0]))", .integer)
        case "substr", "substring":
            // SQLite counts a negative start from the end, PostgreSQL before the first character: literals only.
            guard arguments.count >= 2, literal(arguments[1]).map({ $0 >= 1 }) == true,
                arguments.count == 2 || literal(arguments[2]).map({ $0 >= 0 }) == true
            else {
                throw Failure(reason: "the function \(name) from a position that is not a literal of 1 or more")
            }
            try expect(arguments.count == 2 ? [[.text], [.integer]] : [[.text], [.integer], [.integer]])
            return ("substr(\(sql.joined(separator: ", ")))", .text)
        case "left":
            guard arguments.count == 2, let count = literal(arguments[1]), count >= 0 else {
                throw Failure(reason: "the function left of a count that is not a literal of 0 or more")
            }
            try expect([[.text], [.integer]])
            return ("substr(\(sql[0]), 1, \(count))", .text)
        case "right":
            guard arguments.count == 2, let count = literal(arguments[1]), count >= 1 else {
                throw Failure(reason: "the function right of a count that is not a literal of 1 or more")
            }
            try expect([[.text], [.integer]])
            return ("substr(\(sql[0]), -\(count))", .text)
        case "replace":
            try expect([[.text], [.text], [.text]])
            return ("replace(\(sql.joined(separator: ", ")))", .text)
        case "btrim", "ltrim", "rtrim":
            try expect(arguments.count == 1 ? [[.text]] : [[.text], [.text]])
            return ("\(name == "btrim" ? "trim" : name)(\(sql.joined(separator: ", ")))", .text)
        case "coalesce", "nullif":
            let type = types.first { $0 != .null } ?? .null
            try expect(Array(repeating: [type], count: max(arguments.count, 1)))
            guard type != .boolean, name == "coalesce" || arguments.count == 2 else {
                throw Failure(reason: "the function \(name) with these arguments")
            }
            return (arguments.count == 1 ? sql[0] : "\(name)(\(sql.joined(separator: ", ")))", type)
        case "abs":
            try expect([[.integer]])
            return ("abs(\(sql[0]))", .integer)
        default:
            throw Failure(reason: "the function \(name)")
        }
    }

    /// The value of an integer literal (`3`, `(3)::bigint`, `'-3'::integer`), or `nil`.
    private static func literal(_ expression: PostgresExpression) -> Int64? {
        switch expression {
        case .number(let digits): Int64(digits)
        case .cast(let inner, _): literal(inner) ?? { if case .string(let text) = inner { Int64(text) } else { nil } }()
        case .prefix("-", let inner): literal(inner).map { -$0 }
        default: nil
        }
    }
}
