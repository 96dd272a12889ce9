import Foundation
import VeilCore

/// Translates a PostgreSQL generated column's expression into SQLite SQL that computes the same text for the same
/// inputs, so a SQLite target can declare the column `GENERATED ALWAYS AS (…) STORED` and a CSV target can compute
/// it, both from the row as written (masked inputs give a value derived from the masked values).
///
/// The subset: columns of integer types (`smallint`, `integer`, `bigint`) and text types (`text`,
/// `character varying`), string and integer literals, `NULL`; `+ - * / %` and unary minus on integers; `||`;
/// `=` and `<>` on values of one type, `< > <= >=` on integers; `AND`, `OR`, `NOT`, `IS [NOT] NULL`; `CASE`;
/// casts between those types (integer to text, text to text, integer to integer); the functions `lower`, `upper`,
/// `length`, `char_length`, `substr`/`substring` and `left` from a literal position, `right` of a literal count,
/// `replace`, `btrim`/`ltrim`/`rtrim`/`TRIM(…)`, `coalesce`, `nullif` and `abs`. The result must be an
/// integer or text. Anything else — `numeric` or floating-point values (whose text SQLite does not print as
/// PostgreSQL does), dates, booleans as values, text ordering (collation-dependent), `md5`, `LIKE`... — is a
/// ``Failure`` that says what could not be translated, never a literal's value.
///
/// `lower` and `upper` fold ASCII letters only in SQLite: over text with other letters the value differs from
/// PostgreSQL's (it is still computed from the row as written, never copied from the source).
struct GenerationExpressionTranslator {
    /// What could not be translated.
    struct Failure: Error, Equatable {
        var reason: String
    }

    /// The value types of the subset.
    enum ValueType: Equatable {
        case integer, text, boolean
        /// A `NULL` of no type yet.
        case null
    }

    private let columns: [String: Column]

    /// A translator for the generated columns of `table`.
    init(table: TableSchema) {
        var columns: [String: Column] = [:]
        for column in table.columns { columns[column.name] = column }
        self.columns = columns
    }

    /// The SQLite expression for generated `column`.
    func translate(_ column: Column) throws(Failure) -> String {
        guard let text = column.generationExpression else {
            throw Failure(reason: "an expression Veil did not read")
        }
        if text == GeneratedColumnTranslation.null { return "NULL" }
        guard let declared = Self.valueType(ofColumnType: column.type) else {
            throw Failure(reason: "its type \(column.type) (only integer and text results are translated)")
        }
        let expression: PostgresExpression
        do {
            expression = try PostgresExpressionParser.parse(text)
        } catch {
            throw Failure(reason: error.reason)
        }
        let (sql, type) = try translate(expression)
        guard type != .boolean, declared != .integer || type != .text else {
            throw Failure(
                reason: "a \(type == .boolean ? "boolean" : "text") result in a column of type \(column.type)")
        }
        return sql
    }

    /// The type a PostgreSQL column type has in the subset, or `nil` outside it.
    static func valueType(ofColumnType type: String) -> ValueType? {
        var base = type.lowercased()
        if let paren = base.firstIndex(of: "(") { base = String(base[..<paren]) }
        base = base.trimmingCharacters(in: .whitespaces)
        if base.hasPrefix("pg_catalog.") { base = String(base.dropFirst("pg_catalog.".count)) }
        switch base {
        case "smallint", "integer", "int", "bigint", "int2", "int4", "int8": return .integer
        case "text", "character varying", "varchar": return type.hasSuffix("]") ? nil : .text
        default: return nil
        }
    }

    private func translate(_ expression: PostgresExpression) throws(Failure) -> (String, ValueType) {
        switch expression {
        case .column(let name):
            guard let column = columns[name] else { throw Failure(reason: "a name that is not a column of its table") }
            guard !column.isGenerated else { throw Failure(reason: "another generated column") }
            guard let type = Self.valueType(ofColumnType: column.type) else {
                throw Failure(reason: "the column \(name) of type \(column.type) (only integer and text inputs)")
            }
            return (SQLiteSyntax.quote(name), type)
        case .string(let value):
            return (Self.literal(value), .text)
        case .number(let digits):
            guard digits.allSatisfy(\.isNumber), Int64(digits) != nil else {
                throw Failure(reason: "a numeric literal (only integers are translated)")
            }
            return (digits, .integer)
        case .boolean(let value):
            return (value ? "1" : "0", .boolean)
        case .null:
            return ("NULL", .null)
        case .cast(let inner, let type):
            return try cast(inner, to: type)
        case .prefix(let op, let inner):
            let (sql, type) = try translate(inner)
            if op == "not" {
                try require(type, [.boolean], "NOT")
                return ("(NOT \(sql))", .boolean)
            }
            try require(type, [.integer], "unary \(op)")
            return ("(\(op)\(sql))", .integer)
        case .binary(let op, let left, let right):
            return try binary(op, left, right)
        case .isNull(let inner, let negated):
            let (sql, _) = try translate(inner)
            return ("(\(sql) IS \(negated ? "NOT " : "")NULL)", .boolean)
        case .call(let name, let arguments):
            return try GenerationFunctionTranslation.translate(name, arguments, with: translate)
        case .trim(let side, let characters, let value):
            let function = side == "leading" ? "ltrim" : side == "trailing" ? "rtrim" : "btrim"
            return try GenerationFunctionTranslation.translate(
                function, [value] + (characters.map { [$0] } ?? []), with: translate)
        case .caseWhen(let subject, let branches, let otherwise):
            return try caseWhen(subject, branches, otherwise)
        }
    }

    private func cast(_ inner: PostgresExpression, to type: String) throws(Failure) -> (String, ValueType) {
        if case .string(let value) = inner, Self.valueType(ofColumnType: type) == .integer {
            guard Int64(value) != nil else { throw Failure(reason: "a text literal cast to \(type)") }
            return (String(Int64(value)!), .integer)
        }
        let (sql, from) = try translate(inner)
        guard let target = Self.valueType(ofColumnType: type), !type.contains("(") else {
            throw Failure(reason: "a cast to \(type)")
        }
        switch (from, target) {
        case (.null, _): return ("NULL", target)
        case (.integer, .integer), (.text, .text): return (sql, target)
        case (.integer, .text): return ("CAST(\(sql) AS TEXT)", .text)
        default: throw Failure(reason: "a cast from \(Self.name(from)) to \(type)")
        }
    }

    private func binary(
        _ op: String, _ left: PostgresExpression, _ right: PostgresExpression
    ) throws(Failure) -> (String, ValueType) {
        let (leftSQL, leftType) = try translate(left)
        let (rightSQL, rightType) = try translate(right)
        let sql = "(\(leftSQL) \(op == "!=" ? "<>" : op.uppercased()) \(rightSQL))"
        switch op {
        case "+", "-", "*", "/", "%":
            try require(leftType, [.integer, .null], "the operator \(op)")
            try require(rightType, [.integer, .null], "the operator \(op)")
            return (sql, .integer)
        case "||":
            try require(leftType, [.integer, .text, .null], "the operator ||")
            try require(rightType, [.integer, .text, .null], "the operator ||")
            return (sql, .text)
        case "=", "<>", "!=":
            guard leftType == rightType || leftType == .null || rightType == .null, leftType != .boolean else {
                throw Failure(reason: "the operator \(op) between \(Self.name(leftType)) and \(Self.name(rightType))")
            }
            return (sql, .boolean)
        case "<", ">", "<=", ">=":
            try require(leftType, [.integer, .null], "the operator \(op) (text order depends on the collation)")
            try require(rightType, [.integer, .null], "the operator \(op) (text order depends on the collation)")
            return (sql, .boolean)
        case "and", "or":
            try require(leftType, [.boolean, .null], op.uppercased())
            try require(rightType, [.boolean, .null], op.uppercased())
            return (sql, .boolean)
        default:
            throw Failure(reason: "the operator \(op)")
        }
    }

    private func caseWhen(
        _ subject: PostgresExpression?, _ branches: [(PostgresExpression, PostgresExpression)],
        _ otherwise: PostgresExpression?
    ) throws(Failure) -> (String, ValueType) {
        var sql = "CASE"
        var subjectType: ValueType? = nil
        if let subject {
            let (subjectSQL, type) = try translate(subject)
            try require(type, [.integer, .text], "CASE")
            sql += " " + subjectSQL
            subjectType = type
        }
        var resultType = ValueType.null
        for (condition, result) in branches {
            let (conditionSQL, conditionType) = try translate(condition)
            try require(conditionType, subjectType.map { [$0, .null] } ?? [.boolean], "CASE WHEN")
            sql += " WHEN \(conditionSQL) THEN " + (try caseResult(result, &resultType))
        }
        if let otherwise { sql += " ELSE " + (try caseResult(otherwise, &resultType)) }
        return (sql + " END", resultType)
    }

    private func caseResult(_ result: PostgresExpression, _ type: inout ValueType) throws(Failure) -> String {
        let (sql, resultType) = try translate(result)
        try require(resultType, type == .null ? [.integer, .text, .null] : [type, .null], "CASE results")
        if resultType != .null { type = resultType }
        return sql
    }

    func require(_ type: ValueType, _ allowed: [ValueType], _ construct: String) throws(Failure) {
        guard allowed.contains(type) else { throw Failure(reason: "\(construct) on a \(Self.name(type)) value") }
    }

    static func name(_ type: ValueType) -> String {
        switch type {
        case .integer: "integer"
        case .text: "text"
        case .boolean: "boolean"
        case .null: "NULL"
        }
    }

    /// A SQLite string literal.
    static func literal(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
