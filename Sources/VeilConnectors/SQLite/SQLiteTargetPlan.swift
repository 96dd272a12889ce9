import VeilCore

/// Which SQLite tables a schema becomes, and where each source table's rows go.
///
/// A table with a `parent` (a PostgreSQL partition, or an inheritance child with its parent's columns) gets no
/// table of its own: its rows go to its root ancestor's table. A table's SQLite name is its name when its schema is `""` or `public`, else
/// `schema_table`. A PostgreSQL source's generated columns are declared `GENERATED ALWAYS AS (…) STORED` with their
/// expression translated to SQLite (``GenerationExpressionTranslator``; one that does not translate is refused,
/// naming table and column); a SQLite source's are left out here (its own DDL declares them). Keys that involve a left-out column are dropped; a foreign
/// key is kept only when it references a created table's primary key or unique key, so that
/// `PRAGMA foreign_key_check` can evaluate every one of them.
struct SQLiteTargetPlan {
    /// One table to create.
    struct Table {
        var source: TableSchema
        var name: String
        var columns: [(name: String, mapping: SQLiteColumnMapping, isNotNull: Bool)]
        /// The generated columns, in table order, with their SQLite expressions.
        var generated: [(name: String, mapping: SQLiteColumnMapping, expression: String)] = []
    }

    private(set) var tables: [Table] = []
    private var tableIndexBySource: [TableName: Int] = [:]

    init(schema: DatabaseSchema) throws {
        var seen: [String: TableName] = [:]
        for table in schema.tables where OutputTableNaming.root(of: table.name, in: schema) == table.name {
            let columns = table.columns.filter { !$0.isGenerated }.map {
                (
                    name: $0.name, mapping: SQLiteColumnMapping(column: $0, schema: table.name.schema),
                    isNotNull: $0.isNotNull
                )
            }
            guard !columns.isEmpty else { continue }  // SQLite has no zero-column tables
            let generated = try Self.generatedColumns(of: table)
            let name = Self.targetName(table.name)
            if let other = seen[name.lowercased()] {
                throw VeilError(
                    .target, "tables \(other) and \(table.name) would both be named \(name) in the SQLite target")
            }
            seen[name.lowercased()] = table.name
            tableIndexBySource[table.name] = tables.count
            tables.append(Table(source: table, name: name, columns: columns, generated: generated))
        }
        for table in schema.tables where tableIndexBySource[table.name] == nil {
            let root = OutputTableNaming.root(of: table.name, in: schema)
            if root != table.name, let index = tableIndexBySource[root] { tableIndexBySource[table.name] = index }
        }
    }

    /// The table the rows of `source` go to, or `nil` when the schema did not list it.
    func table(for source: TableName) -> Table? {
        tableIndexBySource[source].map { tables[$0] }
    }

    /// The generated columns of a PostgreSQL source's `table` (none for a SQLite or CSV source, whose schema is
    /// `""`), translated; the first that does not translate is refused.
    static func generatedColumns(
        of table: TableSchema
    ) throws -> [(name: String, mapping: SQLiteColumnMapping, expression: String)] {
        guard !table.name.schema.isEmpty else { return [] }
        let translator = GenerationExpressionTranslator(table: table)
        var generated: [(name: String, mapping: SQLiteColumnMapping, expression: String)] = []
        for column in table.columns where column.isGenerated {
            do {
                let expression = try translator.translate(column)
                generated.append((column.name, SQLiteColumnMapping(postgresType: column.type), expression))
            } catch {
                throw VeilError(
                    .target,
                    "the generated column \(table.name).\(column.name) cannot be computed in SQLite: "
                        + "\(error.reason) is not translated; write it to a .sql or PostgreSQL target",
                    location: .init(table: table.name, column: column.name))
            }
        }
        return generated
    }

    /// `CREATE TABLE` statements for every table.
    func createStatements() -> [String] {
        tables.map { createStatement($0) }
    }

    /// The `CREATE TABLE` statement of `table`; without keys nor NOT NULL when `constraints` is false (a scratch
    /// table that computes generated columns).
    func createStatement(_ table: Table, constraints: Bool = true) -> String {
        let names = Set(table.columns.map(\.name))
        var plain: [String: String] = [:]
        for column in table.columns {
            var definition = "\(SQLiteSyntax.quote(column.name)) \(column.mapping.declaredType)"
            if column.isNotNull && constraints { definition += " NOT NULL" }
            plain[column.name] = definition
        }
        for column in table.generated {
            plain[column.name] =
                "\(SQLiteSyntax.quote(column.name)) \(column.mapping.declaredType) "
                + "GENERATED ALWAYS AS (\(column.expression)) STORED"
        }
        var parts = table.source.columns.compactMap { plain[$0.name] }
        guard constraints else {
            return "CREATE TABLE \(SQLiteSyntax.quote(table.name)) (\n    " + parts.joined(separator: ",\n    ") + "\n)"
        }
        if let key = table.source.primaryKey, !key.isEmpty, key.allSatisfy(names.contains) {
            parts.append("PRIMARY KEY (\(SQLiteSyntax.quoteList(key)))")
        }
        for key in table.source.uniqueKeys where !key.isEmpty && key.allSatisfy(names.contains) {
            parts.append("UNIQUE (\(SQLiteSyntax.quoteList(key)))")
        }
        for key in table.source.foreignKeys where key.columns.allSatisfy(names.contains) {
            guard let referenced = self.table(for: key.referencedTable), isKey(key.referencedColumns, of: referenced)
            else { continue }
            parts.append(
                "FOREIGN KEY (\(SQLiteSyntax.quoteList(key.columns))) REFERENCES "
                    + "\(SQLiteSyntax.quote(referenced.name)) (\(SQLiteSyntax.quoteList(key.referencedColumns)))")
        }
        return "CREATE TABLE \(SQLiteSyntax.quote(table.name)) (\n    " + parts.joined(separator: ",\n    ") + "\n)"
    }

    /// True when `columns` are, as a set, the primary key or a unique key of `table`.
    private func isKey(_ columns: [String], of table: Table) -> Bool {
        let wanted = Set(columns)
        guard !wanted.isEmpty else { return false }
        let names = Set(table.columns.map(\.name))
        let keys = [table.source.primaryKey ?? []] + table.source.uniqueKeys
        return keys.contains { !$0.isEmpty && Set($0) == wanted && $0.allSatisfy(names.contains) }
    }

    /// The SQLite name of a source table.
    static func targetName(_ table: TableName) -> String {
        table.schema.isEmpty || table.schema == "public" ? table.name : "\(table.schema)_\(table.name)"
    }

}
