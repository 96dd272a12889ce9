import VeilCore

/// Which SQLite tables a schema becomes, and where each source table's rows go.
///
/// A table with a `parent` (a PostgreSQL partition, or an inheritance child with its parent's columns) gets no
/// table of its own: its rows go to its root ancestor's table. A table's SQLite name is its name when its schema is `""` or `public`, else
/// `schema_table`. Generated columns are left out; keys that involve a left-out column are dropped; a foreign
/// key is kept only when it references a created table's primary key or unique key, so that
/// `PRAGMA foreign_key_check` can evaluate every one of them.
struct SQLiteTargetPlan {
    /// One table to create.
    struct Table {
        var source: TableSchema
        var name: String
        var columns: [(name: String, mapping: SQLiteColumnMapping, isNotNull: Bool)]
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
            let name = Self.targetName(table.name)
            if let other = seen[name.lowercased()] {
                throw VeilError(
                    .target, "tables \(other) and \(table.name) would both be named \(name) in the SQLite target")
            }
            seen[name.lowercased()] = table.name
            tableIndexBySource[table.name] = tables.count
            tables.append(Table(source: table, name: name, columns: columns))
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

    /// `CREATE TABLE` statements for every table.
    func createStatements() -> [String] {
        tables.map(createStatement)
    }

    private func createStatement(_ table: Table) -> String {
        let names = Set(table.columns.map(\.name))
        var parts = table.columns.map { column in
            var definition = "\(SQLiteSyntax.quote(column.name)) \(column.mapping.declaredType)"
            if column.isNotNull { definition += " NOT NULL" }
            return definition
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
