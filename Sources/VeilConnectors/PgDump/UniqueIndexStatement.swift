import VeilCore

/// `CREATE UNIQUE INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table [USING method] (key, ...)
/// [INCLUDE (...)] [NULLS [NOT] DISTINCT] [WITH (...)] [TABLESPACE t] [WHERE predicate]`, as pg_dump writes it
/// in post-data: which table, which keys are plain columns, which are expressions, and whether it is partial.
struct UniqueIndexStatement {
    var name: String
    var table: TableName
    /// The plain column keys, in index order.
    var plainColumns: [String]
    /// The identifiers the expression keys mention (column names among them).
    var expressionIdentifiers: Set<String>
    var hasExpressions: Bool
    var isPartial: Bool

    /// The statement's parts, or nil when `statement` is not a unique index (or not one this parser can follow).
    static func parse(_ statement: TokenCursor, defaultSchema: String) -> UniqueIndexStatement? {
        var cursor = statement
        guard cursor.accept("create", "unique", "index") else { return nil }
        _ = cursor.accept("concurrently")
        _ = cursor.accept("if", "not", "exists")
        var name = ""
        if !cursor.isWord("on") { name = cursor.identifier() ?? "" }
        guard cursor.accept("on") else { return nil }
        _ = cursor.accept("only")
        guard let table = cursor.qualifiedName(defaultSchema: defaultSchema) else { return nil }
        if cursor.accept("using") { _ = cursor.identifier() }
        guard cursor.isSymbol("("), let close = cursor.closingParenthesis(of: cursor.index) else { return nil }
        var index = UniqueIndexStatement(
            name: name, table: table, plainColumns: [], expressionIdentifiers: [], hasExpressions: false,
            isPartial: false)
        for key in SchemaBuilder.elements(cursor, from: cursor.index + 1, to: close) {
            if let column = plainColumn(key) {
                index.plainColumns.append(column)
            } else {
                index.hasExpressions = true
                for position in key.index..<key.tokens.count {
                    if let identifier = key.identifierValue(key.tokens[position]) {
                        index.expressionIdentifiers.insert(identifier)
                    }
                }
            }
        }
        cursor.index = close + 1
        index.isPartial = wordAtTopLevel("where", after: cursor)
        return index
    }

    /// The column a key names when it is a plain column: an identifier followed only by words (a collation,
    /// an operator class, `ASC`/`DESC`, `NULLS FIRST/LAST`), never by `(` (a function call) or `.`.
    private static func plainColumn(_ key: TokenCursor) -> String? {
        guard let first = key.current, first.kind == .word || first.kind == .quotedIdentifier,
            let column = key.identifierValue(first)
        else { return nil }
        for position in (key.index + 1)..<key.tokens.count {
            let kind = key.tokens[position].kind
            guard kind == .word || kind == .quotedIdentifier else { return nil }
        }
        return column
    }

    /// True when `word` appears outside parentheses from the cursor on.
    private static func wordAtTopLevel(_ word: StaticString, after cursor: TokenCursor) -> Bool {
        var probe = cursor
        var depth = 0
        while let token = probe.current {
            switch token.kind {
            case .symbol(UInt8(ascii: "(")): depth += 1
            case .symbol(UInt8(ascii: ")")): depth -= 1
            default: if depth == 0 && probe.isWord(word) { return true }
            }
            probe.index += 1
        }
        return false
    }
}
