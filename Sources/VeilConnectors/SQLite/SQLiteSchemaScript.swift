import SQLiteDriver
import VeilCore

/// A SQLite database's own DDL, as `sqlite3 .dump` reproduces it, in the two sections a dump puts around the rows:
/// the tables' `CREATE TABLE` statements before them, the indexes, triggers and views after them (so rows go in
/// before any index is built or trigger can fire).
///
/// Statements are `sqlite_schema`'s own text, in its order; tables are those ``SQLiteReader`` streams (not
/// `sqlite_%`, not virtual), and automatic indexes (no SQL of their own) come back with their table's constraints.
/// The `AUTOINCREMENT` counters of `sqlite_sequence` follow the rows (as `.dump` writes them), so a copy hands out
/// the same next ids as its source.
public enum SQLiteSchemaScript {
    /// Reads the sections from the database file at `path` (opened read-only).
    /// - Throws: `.source` ``VeilError`` when the file cannot be read.
    public static func sections(path: String) throws -> SchemaSections {
        do {
            let connection = try SQLiteConnection(path: path, mode: .readOnly)
            try connection.setBusyTimeout(milliseconds: 5000)
            let tables = try statements(
                """
                SELECT sql FROM sqlite_schema
                WHERE type = 'table' AND sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                  AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
                ORDER BY rowid
                """, connection: connection)
            let others = try statements(
                """
                SELECT sql FROM sqlite_schema
                WHERE type IN ('index', 'trigger', 'view') AND sql IS NOT NULL
                  AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                ORDER BY rowid
                """, connection: connection)
            return SchemaSections(preData: tables, postData: try sequences(connection) + others)
        } catch let error as SQLiteError {
            throw VeilError(.source, "cannot read the schema of SQLite database \(path): \(error.message)")
        }
    }

    /// `DELETE FROM sqlite_sequence;` and one `INSERT` per counter, when the database has `AUTOINCREMENT` tables (whose
    /// `CREATE TABLE` makes the copy's `sqlite_sequence`).
    private static func sequences(_ connection: SQLiteConnection) throws -> String {
        let exists = try connection.prepare(
            """
            SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'
              AND EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%')
            """)
        guard try exists.step() != nil else { return "" }
        let statement = try connection.prepare("SELECT name, seq FROM sqlite_sequence ORDER BY rowid")
        var script = "DELETE FROM sqlite_sequence;\n"
        while let row = try statement.step() {
            var name: [UInt8] = []
            SQLiteLiteral.appendText(row.text(at: 0), to: &name)
            name += Array(",\(row.int64(at: 1))".utf8)
            script += "INSERT INTO sqlite_sequence VALUES(\(String(decoding: name, as: UTF8.self)));\n"
        }
        return script
    }

    /// Each statement the query returns, terminated by `;` and a newline.
    private static func statements(_ query: String, connection: SQLiteConnection) throws -> String {
        let statement = try connection.prepare(query)
        var script = ""
        while let row = try statement.step() { script += row.text(at: 0) + ";\n" }
        return script
    }
}
