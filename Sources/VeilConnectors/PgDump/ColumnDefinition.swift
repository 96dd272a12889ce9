import VeilCore

/// One column definition of `CREATE TABLE` / `ALTER TABLE ADD COLUMN`: name, type as written, and the inline
/// constraints that matter for keys.
struct ColumnDefinition {
    var column: Column
    var isPrimaryKey = false
    var isUnique = false
    var isIdentityAlways = false
    var foreignKey: ForeignKey?
    /// `name WITH OPTIONS ...`: options for an inherited column, no type.
    var isOptionsOnly = false

    /// Words that end a column's type and start its constraints.
    private static let constraintWords: [StaticString] = [
        "constraint", "not", "null", "primary", "unique", "references", "check", "default", "generated", "collate",
        "deferrable", "initially", "compression", "storage",
    ]

    /// Parses `name type [constraints...]` from the cursor's position.
    static func parse(_ cursor: inout TokenCursor, table: TableName, defaultSchema: String) -> ColumnDefinition? {
        guard let name = cursor.identifier() else { return nil }
        var definition = ColumnDefinition(column: Column(name: name, type: ""))
        if cursor.accept("with", "options") {
            definition.isOptionsOnly = true
        } else {
            definition.column.type = parseType(&cursor)
        }
        parseConstraints(&cursor, into: &definition, table: table, defaultSchema: defaultSchema)
        return definition
    }

    /// The type's text exactly as written: from its first token up to the first constraint word outside
    /// parentheses, e.g. `character varying(50)`, `timestamp with time zone`, `public.mpaa_rating`, `text[]`.
    private static func parseType(_ cursor: inout TokenCursor) -> String {
        let first = cursor.index
        var depth = 0
        while let token = cursor.current {
            if depth == 0 && constraintWords.contains(where: { cursor.isWord($0) }) { break }
            switch token.kind {
            case .symbol(UInt8(ascii: "(")), .symbol(UInt8(ascii: "[")): depth += 1
            case .symbol(UInt8(ascii: ")")), .symbol(UInt8(ascii: "]")): depth -= 1
            default: break
            }
            cursor.index += 1
        }
        return cursor.text(from: first, through: cursor.index - 1)
    }

    private static func parseConstraints(
        _ cursor: inout TokenCursor, into definition: inout ColumnDefinition, table: TableName, defaultSchema: String
    ) {
        var constraintName: String?
        while cursor.current != nil {
            if cursor.accept("constraint") {
                constraintName = cursor.identifier()
                continue
            }
            if cursor.accept("not", "null") {
                definition.column.isNotNull = true
            } else if cursor.accept("primary", "key") {
                definition.isPrimaryKey = true
                definition.column.isNotNull = true
            } else if cursor.accept("unique") {
                _ = cursor.accept("nulls", "not", "distinct") || cursor.accept("nulls", "distinct")
                definition.isUnique = true
            } else if cursor.accept("references") {
                guard let target = cursor.qualifiedName(defaultSchema: defaultSchema) else { return }
                let referenced = cursor.identifierList() ?? []
                let column = definition.column.name
                definition.foreignKey = ForeignKey(
                    name: constraintName ?? "\(table.name)_\(column)_fkey", columns: [column], referencedTable: target,
                    referencedColumns: referenced)
            } else if cursor.accept("generated") {
                if cursor.accept("always", "as", "identity") {
                    definition.isIdentityAlways = true
                    cursor.skipParenthesized()
                } else if cursor.accept("by", "default", "as", "identity") {
                    cursor.skipParenthesized()
                } else if cursor.accept("always", "as") {
                    definition.column.generationExpression = cursor.parenthesizedExpression()?.text
                    definition.column.isGenerated = true
                }
            } else if cursor.accept("check") {
                if let expression = cursor.parenthesizedExpression() {
                    definition.column.checks.append(ColumnCheck(name: constraintName, expression: expression.text))
                }
            } else if cursor.accept("default") {
                skipExpression(&cursor)
            } else {
                cursor.index += 1
            }
            constraintName = nil
        }
    }

    /// Skips a `DEFAULT` expression: up to the next constraint word outside parentheses.
    private static func skipExpression(_ cursor: inout TokenCursor) {
        var depth = 0
        while let token = cursor.current {
            if depth == 0 && constraintWords.contains(where: { cursor.isWord($0) }) && !cursor.isWord("collate") {
                return
            }
            switch token.kind {
            case .symbol(UInt8(ascii: "(")): depth += 1
            case .symbol(UInt8(ascii: ")")): depth -= 1
            default: break
            }
            cursor.index += 1
        }
    }
}
