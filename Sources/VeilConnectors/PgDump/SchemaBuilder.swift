import VeilCore

/// Collects a ``DatabaseSchema`` from a dump's DDL: `CREATE TABLE` and `ALTER TABLE` statements, plus the
/// tables that only appear in row data (data-only dumps).
///
/// pg_dump writes primary and foreign keys after the data, so the reader feeds it every statement of the
/// file before the first row is streamed. The writer feeds it the passthrough text it copies, to learn which
/// columns are generated or identity columns.
struct SchemaBuilder {
    private var schema = DatabaseSchema()
    /// Columns declared `GENERATED ALWAYS AS IDENTITY`, by table.
    private(set) var identityAlways: [TableName: Set<String>] = [:]
    /// Tables whose columns the DDL does not list (typed tables `OF type`, `CREATE TABLE ... AS`).
    private(set) var columnsUnknown: Set<TableName> = []
    /// Parents set by `ATTACH PARTITION` / `INHERIT`, applied when the schema is read.
    private var attachedParents: [TableName: TableName] = [:]

    /// The schema collected so far, with foreign keys that omit their referenced columns resolved to the
    /// referenced table's primary key.
    var result: DatabaseSchema {
        var resolved = schema
        for (child, parent) in attachedParents { resolved.modify(child) { $0.parent = parent } }
        for table in resolved.tables {
            for (position, key) in table.foreignKeys.enumerated() where key.referencedColumns.isEmpty {
                let target = resolved[key.referencedTable]?.primaryKey ?? []
                resolved.modify(table.name) { $0.foreignKeys[position].referencedColumns = target }
            }
        }
        return resolved
    }

    /// The table as collected so far (without attached parents resolved).
    subscript(table: TableName) -> TableSchema? { schema[table] }

    /// Records a table seen only in row data (`COPY` or `INSERT`), with its columns as named there and type
    /// `unknown`. A table already known keeps its definition, unless it had no columns.
    mutating func noteData(table: TableName, columns: [String]) {
        if let known = schema[table], !known.columns.isEmpty { return }
        if schema[table] != nil {
            schema.modify(table) { $0.columns = columns.map { Column(name: $0, type: "unknown") } }
        } else {
            schema.upsert(TableSchema(name: table, columns: columns.map { Column(name: $0, type: "unknown") }))
        }
    }

    // MARK: - CREATE TABLE

    /// Applies `CREATE [UNLOGGED|TEMP] TABLE name (...) [INHERITS (...)]`, `CREATE TABLE name PARTITION OF
    /// parent ...`. `CREATE TABLE ... AS` and typed tables (`OF type`) are recorded without columns.
    mutating func createTable(_ statement: TokenCursor, defaultSchema: String) {
        var cursor = statement
        guard cursor.accept("create") else { return }
        while cursor.accept("unlogged") || cursor.accept("temp") || cursor.accept("temporary")
            || cursor.accept("global") || cursor.accept("local")
        {}
        guard cursor.accept("table") else { return }
        _ = cursor.accept("if", "not", "exists")
        guard let name = cursor.qualifiedName(defaultSchema: defaultSchema) else { return }
        var table = TableSchema(name: name, columns: [])
        if cursor.accept("partition", "of") {
            guard let parent = cursor.qualifiedName(defaultSchema: defaultSchema) else { return }
            table.parent = parent
            table.columns = schema[parent]?.columns ?? []
            if let inherited = identityAlways[parent] { identityAlways[name] = inherited }
        } else if cursor.accept("of") {
            _ = cursor.qualifiedName(defaultSchema: defaultSchema)
            columnsUnknown.insert(name)
        } else if !cursor.isSymbol("(") {
            columnsUnknown.insert(name)
        }
        if cursor.isSymbol("("), let close = cursor.closingParenthesis(of: cursor.index) {
            for element in Self.elements(cursor, from: cursor.index + 1, to: close) {
                apply(element: element, to: &table, defaultSchema: defaultSchema)
            }
            cursor.index = close + 1
        }
        if cursor.accept("inherits"), cursor.acceptSymbol("(") {
            var parents: [TableName] = []
            while let parent = cursor.qualifiedName(defaultSchema: defaultSchema) {
                parents.append(parent)
                guard cursor.acceptSymbol(",") else { break }
            }
            table.parent = parents.first
            table.columns = Self.merged(inherited: parents.flatMap { schema[$0]?.columns ?? [] }, own: table.columns)
        }
        schema.upsert(table)
    }

    /// One element of a `CREATE TABLE` list: a column or a table constraint.
    private mutating func apply(element: TokenCursor, to table: inout TableSchema, defaultSchema: String) {
        if Self.startsTableConstraint(element) {
            applyTableConstraint(element, to: &table, defaultSchema: defaultSchema)
            return
        }
        if element.isWord("like") { return }
        var cursor = element
        guard let definition = ColumnDefinition.parse(&cursor, table: table.name, defaultSchema: defaultSchema)
        else { return }
        if definition.isOptionsOnly {
            // `col WITH OPTIONS ...` in PARTITION OF / typed tables: options for an inherited column.
            if let position = table.columns.firstIndex(where: { $0.name == definition.column.name }) {
                table.columns[position].isNotNull = table.columns[position].isNotNull || definition.column.isNotNull
            }
        } else if let position = table.columns.firstIndex(where: { $0.name == definition.column.name }) {
            table.columns[position].isNotNull = table.columns[position].isNotNull || definition.column.isNotNull
        } else {
            table.columns.append(definition.column)
        }
        record(definition, in: &table)
    }

    /// Keys and identity that a column definition declares inline.
    private mutating func record(_ definition: ColumnDefinition, in table: inout TableSchema) {
        let column = definition.column.name
        if definition.isPrimaryKey { table.primaryKey = [column] }
        if definition.isUnique && !table.uniqueKeys.contains([column]) { table.uniqueKeys.append([column]) }
        if let key = definition.foreignKey { table.foreignKeys.append(key) }
        if definition.isIdentityAlways { identityAlways[table.name, default: []].insert(column) }
    }

    static func startsTableConstraint(_ cursor: TokenCursor) -> Bool {
        cursor.isWord("constraint") || cursor.isWords("primary", "key") || cursor.isWord("unique")
            || cursor.isWords("foreign", "key") || cursor.isWord("check") || cursor.isWord("exclude")
    }

    /// `[CONSTRAINT name] PRIMARY KEY (...) | UNIQUE [NULLS [NOT] DISTINCT] (...) | FOREIGN KEY (...)
    /// REFERENCES t [(...)]`; a `CHECK` on one column is recorded on that column; `EXCLUDE` carries no key.
    mutating func applyTableConstraint(_ element: TokenCursor, to table: inout TableSchema, defaultSchema: String) {
        var cursor = element
        var name: String?
        if cursor.accept("constraint") { name = cursor.identifier() }
        if cursor.accept("primary", "key") {
            if let columns = cursor.identifierList() { table.primaryKey = columns }
        } else if cursor.accept("unique") {
            _ = cursor.accept("nulls", "not", "distinct") || cursor.accept("nulls", "distinct")
            if let columns = cursor.identifierList(), !table.uniqueKeys.contains(columns) {
                table.uniqueKeys.append(columns)
            }
        } else if cursor.accept("foreign", "key") {
            guard let columns = cursor.identifierList(), cursor.accept("references"),
                let target = cursor.qualifiedName(defaultSchema: defaultSchema)
            else { return }
            let referenced = cursor.identifierList() ?? []
            let keyName = name ?? ([table.name.name] + columns + ["fkey"]).joined(separator: "_")
            table.foreignKeys.append(
                ForeignKey(name: keyName, columns: columns, referencedTable: target, referencedColumns: referenced))
        } else if cursor.accept("check"), let expression = cursor.parenthesizedExpression() {
            let mentioned = table.columns.indices.filter { expression.identifiers.contains(table.columns[$0].name) }
            if mentioned.count == 1 {
                table.columns[mentioned[0]].checks.append(ColumnCheck(name: name, expression: expression.text))
            }
        }
    }

    // MARK: - CREATE UNIQUE INDEX

    /// Applies `CREATE UNIQUE INDEX ... ON table (...)`: an index on plain columns is a unique key of the table
    /// (as a `UNIQUE` constraint would be); a partial or expression one is recorded as such, with the columns it
    /// reads.
    mutating func createUniqueIndex(_ statement: TokenCursor, defaultSchema: String) {
        guard let index = UniqueIndexStatement.parse(statement, defaultSchema: defaultSchema) else { return }
        schema.modify(index.table) { table in
            if !index.hasExpressions && !index.isPartial {
                if table.primaryKey != index.plainColumns && !table.uniqueKeys.contains(index.plainColumns) {
                    table.uniqueKeys.append(index.plainColumns)
                }
                return
            }
            let mentioned = table.columns.map(\.name).filter { index.expressionIdentifiers.contains($0) }
            var columns = index.plainColumns
            for column in mentioned where !columns.contains(column) { columns.append(column) }
            table.limitedUniqueIndexes.append(
                LimitedUniqueIndex(
                    name: index.name, columns: columns, isPartial: index.isPartial,
                    hasExpressions: index.hasExpressions))
        }
    }

    // MARK: - ALTER TABLE

    /// Applies the actions of `ALTER TABLE [IF EXISTS] [ONLY] name ...` that shape keys and tables: `ADD
    /// [CONSTRAINT n] PRIMARY KEY / UNIQUE / FOREIGN KEY`, `ADD [COLUMN]`, `ATTACH PARTITION`, `INHERIT`,
    /// `ALTER [COLUMN] c ADD GENERATED ... AS IDENTITY`, `ALTER [COLUMN] c SET NOT NULL`.
    mutating func alterTable(_ statement: TokenCursor, defaultSchema: String) {
        var cursor = statement
        guard cursor.accept("alter", "table") else { return }
        _ = cursor.accept("if", "exists")
        _ = cursor.accept("only")
        guard let name = cursor.qualifiedName(defaultSchema: defaultSchema) else { return }
        _ = cursor.acceptSymbol("*")
        let end = cursor.tokens.count - (cursor.tokens.last?.kind == .symbol(UInt8(ascii: ";")) ? 1 : 0)
        for action in Self.elements(cursor, from: cursor.index, to: end) {
            alter(name, action: action, defaultSchema: defaultSchema)
        }
    }

    private mutating func alter(_ name: TableName, action: TokenCursor, defaultSchema: String) {
        var cursor = action
        if cursor.accept("attach", "partition") {
            if let child = cursor.qualifiedName(defaultSchema: defaultSchema) { attachedParents[child] = name }
        } else if cursor.accept("inherit") {
            if let parent = cursor.qualifiedName(defaultSchema: defaultSchema) { attachedParents[name] = parent }
        } else if cursor.accept("add") {
            guard var table = schema[name] else { return }
            if Self.startsTableConstraint(cursor) {
                applyTableConstraint(cursor, to: &table, defaultSchema: defaultSchema)
            } else {
                _ = cursor.accept("column")
                _ = cursor.accept("if", "not", "exists")
                if let definition = ColumnDefinition.parse(&cursor, table: name, defaultSchema: defaultSchema),
                    table.column(named: definition.column.name) == nil
                {
                    table.columns.append(definition.column)
                    record(definition, in: &table)
                }
            }
            schema.upsert(table)
        } else if cursor.accept("alter") {
            _ = cursor.accept("column")
            guard let column = cursor.identifier() else { return }
            if cursor.accept("add", "generated", "always", "as", "identity") {
                identityAlways[name, default: []].insert(column)
            } else if cursor.accept("set", "not", "null") {
                schema.modify(name) { table in
                    if let position = table.columns.firstIndex(where: { $0.name == column }) {
                        table.columns[position].isNotNull = true
                    }
                }
            }
        }
    }

    // MARK: - Helpers

    /// Splits tokens `from..<to` at top-level commas into one cursor per element.
    static func elements(_ cursor: TokenCursor, from start: Int, to end: Int) -> [TokenCursor] {
        var result: [TokenCursor] = []
        var depth = 0
        var elementStart = start
        var position = start
        while position <= end {
            let kind = position < end ? cursor.tokens[position].kind : .symbol(UInt8(ascii: ","))
            switch kind {
            case .symbol(UInt8(ascii: "(")), .symbol(UInt8(ascii: "[")): depth += 1
            case .symbol(UInt8(ascii: ")")), .symbol(UInt8(ascii: "]")): depth -= 1
            case .symbol(UInt8(ascii: ",")) where depth == 0:
                if position > elementStart {
                    result.append(
                        TokenCursor(bytes: cursor.bytes, tokens: Array(cursor.tokens[elementStart..<position])))
                }
                elementStart = position + 1
            default: break
            }
            position += 1
        }
        return result
    }

    /// Inherited columns first, then the table's own columns that do not merge with an inherited one.
    static func merged(inherited: [Column], own: [Column]) -> [Column] {
        var columns: [Column] = []
        for column in inherited + own {
            if let position = columns.firstIndex(where: { $0.name == column.name }) {
                columns[position].isNotNull = columns[position].isNotNull || column.isNotNull
            } else {
                columns.append(column)
            }
        }
        return columns
    }
}
