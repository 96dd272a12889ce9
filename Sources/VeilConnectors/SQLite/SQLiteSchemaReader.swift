import SQLiteDriver
import VeilCore

/// Reads a SQLite database's tables, columns and keys from `sqlite_schema` and the table pragmas.
///
/// Tables are `type = 'table'` rows not named `sqlite_%`; virtual tables are left out (their rows live in
/// modules the target may not have). Generated columns (`table_xinfo.hidden` 2 or 3) are marked
/// `isGenerated`. SQLite does not name foreign keys; they are named `fk_<table>_<id>`.
struct SQLiteSchemaReader {
    let connection: SQLiteConnection

    func read() throws -> DatabaseSchema {
        let names = try tableNames()
        var tables: [TableSchema] = []
        for name in names {
            tables.append(try table(name))
        }
        // Resolve foreign keys to the referenced table's spelling and, when omitted, to its primary key.
        let byLowercased = Dictionary(tables.map { ($0.name.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        for index in tables.indices {
            tables[index].foreignKeys = tables[index].foreignKeys.map { key in
                var key = key
                if let referenced = byLowercased[key.referencedTable.name.lowercased()] {
                    key.referencedTable = referenced.name
                    if key.referencedColumns.isEmpty { key.referencedColumns = referenced.primaryKey ?? [] }
                }
                return key
            }
        }
        return DatabaseSchema(tables: tables)
    }

    private func tableNames() throws -> [String] {
        let statement = try connection.prepare(
            """
            SELECT name FROM sqlite_schema
            WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
              AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL TABLE%'
            ORDER BY rowid
            """)
        var names: [String] = []
        while let row = try statement.step() { names.append(row.text(at: 0)) }
        return names
    }

    private func table(_ name: String) throws -> TableSchema {
        var columns: [Column] = []
        var primaryKey: [(position: Int64, name: String)] = []
        let info = try connection.prepare(
            "SELECT name, type, \"notnull\", pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid")
        try info.bind(text: name, at: 1)
        while let row = try info.step() {
            let hidden = row.int64(at: 4)
            if hidden == 1 { continue }  // hidden columns of virtual tables
            let column = Column(
                name: row.text(at: 0), type: row.text(at: 1), isNotNull: row.int64(at: 2) != 0,
                isGenerated: hidden == 2 || hidden == 3)
            columns.append(column)
            if row.int64(at: 3) > 0 { primaryKey.append((row.int64(at: 3), column.name)) }
        }
        let tableName = TableName(schema: "", name: name)
        let unique = try uniqueIndexes(name, columns: columns)
        return TableSchema(
            name: tableName, columns: columns,
            primaryKey: primaryKey.isEmpty ? nil : primaryKey.sorted { $0.position < $1.position }.map(\.name),
            uniqueKeys: unique.keys, foreignKeys: try foreignKeys(name), limitedUniqueIndexes: unique.limited)
    }

    /// Columns of each full (not partial) unique index on plain columns that is not the primary key's, and the
    /// partial or expression unique indexes with the columns they read (an expression's columns: the table's
    /// column names its `CREATE INDEX` text mentions as words).
    private func uniqueIndexes(_ table: String, columns tableColumns: [Column]) throws -> (
        keys: [[String]], limited: [LimitedUniqueIndex]
    ) {
        let list = try connection.prepare(
            "SELECT i.name, i.partial, coalesce(m.sql, '') FROM pragma_index_list(?) i "
                + "LEFT JOIN sqlite_schema m ON m.type = 'index' AND m.name = i.name "
                + "WHERE i.\"unique\" = 1 AND i.origin <> 'pk' ORDER BY i.seq")
        try list.bind(text: table, at: 1)
        var indexes: [(name: String, partial: Bool, sql: String)] = []
        while let row = try list.step() { indexes.append((row.text(at: 0), row.int64(at: 1) != 0, row.text(at: 2))) }
        var keys: [[String]] = []
        var limited: [LimitedUniqueIndex] = []
        for index in indexes {
            let info = try connection.prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
            try info.bind(text: index.name, at: 1)
            var columns: [String] = []
            var onExpression = false
            while let row = try info.step() {
                if let column = row.optionalText(at: 0) { columns.append(column) } else { onExpression = true }
            }
            if !onExpression && !index.partial {
                if !columns.isEmpty, !keys.contains(columns) { keys.append(columns) }
                continue
            }
            if onExpression {
                let words = SQLiteSyntax.words(in: index.sql)
                for column in tableColumns where words.contains(column.name.lowercased()) {
                    if !columns.contains(column.name) { columns.append(column.name) }
                }
            }
            limited.append(
                LimitedUniqueIndex(
                    name: index.name, columns: columns, isPartial: index.partial, hasExpressions: onExpression))
        }
        return (keys.reversed(), limited.reversed())
    }

    private func foreignKeys(_ table: String) throws -> [ForeignKey] {
        let list = try connection.prepare(
            "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq")
        try list.bind(text: table, at: 1)
        var keys: [ForeignKey] = []
        var currentID: Int64?
        while let row = try list.step() {
            let id = row.int64(at: 0)
            if id != currentID {
                currentID = id
                keys.append(
                    ForeignKey(
                        name: "fk_\(table)_\(id)", columns: [],
                        referencedTable: TableName(schema: "", name: row.text(at: 1)), referencedColumns: []))
            }
            keys[keys.count - 1].columns.append(row.text(at: 2))
            if let to = row.optionalText(at: 3) { keys[keys.count - 1].referencedColumns.append(to) }
        }
        return keys.reversed()
    }
}
