import VeilCore

/// `CREATE TYPE name AS ENUM (...) | AS (...) | AS RANGE (...)` and `CREATE DOMAIN name [AS] base [constraints]`,
/// as pg_dump writes them in pre-data: the type's name and kind (enum labels, a domain's base type and CHECKs).
enum UserTypeStatement {
    /// The type a statement defines, or nil when it defines none this parser follows (base types, shells).
    static func parse(_ statement: TokenCursor, defaultSchema: String, standardConformingStrings: Bool) -> UserType? {
        var cursor = statement
        guard cursor.accept("create") else { return nil }
        if cursor.accept("domain") {
            return domain(&cursor, defaultSchema: defaultSchema)
        }
        guard cursor.accept("type"), let name = cursor.qualifiedName(defaultSchema: defaultSchema),
            cursor.accept("as")
        else { return nil }
        if cursor.accept("enum") {
            guard cursor.acceptSymbol("(") else { return nil }
            var labels: [String] = []
            while let token = cursor.current, case .string(let prefix) = token.kind {
                let bytes = UnsafeBufferPointer(rebasing: cursor.bytes[token.start..<token.end])
                guard
                    let label = try? SQLLiteral.value(
                        of: bytes, prefix: prefix, standardConformingStrings: standardConformingStrings)
                else { return nil }
                labels.append(label)
                cursor.index += 1
                guard cursor.acceptSymbol(",") else { break }
            }
            return UserType(name: name, kind: .enumeration(labels: labels))
        }
        if cursor.accept("range") { return UserType(name: name, kind: .range) }
        if cursor.isSymbol("(") { return UserType(name: name, kind: .composite) }
        return nil
    }

    /// `CREATE DOMAIN name [AS] base [COLLATE c] [DEFAULT e] [[CONSTRAINT n] {NOT NULL | NULL | CHECK (e)}]...`
    private static func domain(_ cursor: inout TokenCursor, defaultSchema: String) -> UserType? {
        guard let name = cursor.qualifiedName(defaultSchema: defaultSchema) else { return nil }
        _ = cursor.accept("as")
        let baseStart = cursor.index
        var checks: [ColumnCheck] = []
        var baseEnd = baseStart
        var constraintName: String?
        while let token = cursor.current, !cursor.isSymbol(";") {
            if cursor.isWord("constraint") || cursor.isWord("check") || cursor.isWord("default")
                || cursor.isWord("collate") || cursor.isWords("not", "null") || cursor.isWord("null")
            {
                break
            }
            if token.kind == .symbol(UInt8(ascii: "(")), let close = cursor.closingParenthesis(of: cursor.index) {
                cursor.index = close + 1
            } else {
                cursor.index += 1
            }
            baseEnd = cursor.index
        }
        let baseType = cursor.text(from: baseStart, through: baseEnd - 1)
        while cursor.current != nil, !cursor.isSymbol(";") {
            if cursor.accept("constraint") {
                constraintName = cursor.identifier()
            } else if cursor.accept("check"), let parsed = cursor.parenthesizedExpression() {
                checks.append(ColumnCheck(name: constraintName, expression: parsed.text, isDomainCheck: true))
                constraintName = nil
            } else if cursor.isSymbol("("), let close = cursor.closingParenthesis(of: cursor.index) {
                cursor.index = close + 1
            } else {
                cursor.index += 1
            }
        }
        return UserType(name: name, kind: .domain(baseType: baseType, checks: checks))
    }

    /// `ALTER DOMAIN name ADD [CONSTRAINT n] CHECK (e) [NOT VALID]`: the domain and the check it adds.
    static func addedDomainCheck(_ statement: TokenCursor, defaultSchema: String) -> (TableName, ColumnCheck)? {
        var cursor = statement
        guard cursor.accept("alter", "domain"), let name = cursor.qualifiedName(defaultSchema: defaultSchema),
            cursor.accept("add")
        else { return nil }
        var constraintName: String?
        if cursor.accept("constraint") { constraintName = cursor.identifier() }
        guard cursor.accept("check"), let parsed = cursor.parenthesizedExpression() else { return nil }
        return (name, ColumnCheck(name: constraintName, expression: parsed.text, isDomainCheck: true))
    }
}
