import SQLiteDriver
import VeilCore

/// Computes a SQLite source's generated columns (VIRTUAL and STORED) for a CSV target, with SQLite itself.
///
/// Each table of the source with generated columns is created, by its own `CREATE TABLE` statement, in a private
/// in-memory database (CHECK constraints ignored, foreign keys off); a batch's rows go in with one
/// `INSERT OR REPLACE ... RETURNING` of the generated columns, bound as ``SQLiteWriter`` binds them, and are rolled
/// back afterwards, so the values are exactly those a SQLite target computes for the same rows. Used from one thread
/// at a time.
public final class SQLiteGeneratedColumns: GeneratedColumnValues {
    private let connection: SQLiteConnection
    private var tables: [TableName: Table] = [:]
    private var statements: [StatementKey: SQLiteStatement] = [:]

    private struct Table {
        var createStatement: String
        var generated: [String]
        var bindings: [String: SQLiteColumnMapping.Binding]
        var created = false
    }

    private struct StatementKey: Hashable {
        var table: TableName
        var columns: [String]
    }

    /// Reads the tables of the SQLite database at `sourcePath` (opened read-only) that have generated columns.
    /// - Throws: ``VeilError`` `.source` when the file cannot be read.
    public init(sourcePath: String) throws {
        do {
            connection = try SQLiteConnection(path: ":memory:")
            try connection.execute("PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF")
            let source = try SQLiteConnection(path: sourcePath, mode: .readOnly)
            try source.setBusyTimeout(milliseconds: 5000)
            let list = try source.prepare(
                """
                SELECT name, sql FROM sqlite_schema
                WHERE type = 'table' AND sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                  AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
                ORDER BY rowid
                """)
            while let row = try list.step() {
                let name = row.text(at: 0)
                let info = try source.prepare("SELECT name, type, hidden FROM pragma_table_xinfo(?) ORDER BY cid")
                try info.bind(text: name, at: 1)
                var generated: [String] = []
                var bindings: [String: SQLiteColumnMapping.Binding] = [:]
                while let column = try info.step() {
                    let hidden = column.int64(at: 2)
                    if hidden == 2 || hidden == 3 { generated.append(column.text(at: 0)) }
                    bindings[column.text(at: 0)] = SQLiteColumnMapping(sqliteType: column.text(at: 1)).binding
                }
                guard !generated.isEmpty else { continue }
                tables[TableName(schema: "", name: name)] = Table(
                    createStatement: row.text(at: 1), generated: generated, bindings: bindings)
            }
        } catch let error as SQLiteError {
            throw VeilError(
                .source, "cannot read the generated columns of SQLite database \(sourcePath): \(error.message)")
        }
    }

    public func generatedColumns(of table: TableName) -> [String] {
        tables[table]?.generated ?? []
    }

    public func values(of batch: RowBatch, columns: [String]) throws -> [[Field]] {
        guard var table = tables[batch.table] else { return batch.rows.map { _ in [] } }
        var row = batch.firstRowNumber
        do {
            if !table.created {
                try connection.execute(table.createStatement)
                table.created = true
                tables[batch.table] = table
            }
            let statement = try statement(for: batch.table, columns: columns, generated: table.generated)
            let bindings = columns.map { table.bindings[$0] ?? .text }
            try connection.begin()
            defer { try? connection.rollback() }
            var values: [[Field]] = []
            values.reserveCapacity(batch.rows.count)
            for (offset, fields) in batch.rows.enumerated() {
                row = batch.firstRowNumber + offset
                for (index, field) in fields.enumerated() where index < bindings.count {
                    try SQLiteFieldBinding.bind(
                        field, storageClass: batch.storageClasses?[offset, index] ?? .unknown,
                        binding: bindings[index], to: statement, at: index + 1)
                }
                guard let result = try statement.step() else {
                    throw SQLiteError(extendedCode: 1, message: "no generated values came back", operation: "step")
                }
                values.append((0..<table.generated.count).map { SQLiteValueText.field(result, at: $0).field })
                try statement.reset()
            }
            return values
        } catch let error as SQLiteError {
            throw VeilError(
                .target, "cannot compute the generated columns: \(error.message)",
                location: .init(table: batch.table, row: row))
        }
    }

    private func statement(for table: TableName, columns: [String], generated: [String]) throws -> SQLiteStatement {
        let key = StatementKey(table: table, columns: columns)
        if let statement = statements[key] { return statement }
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let statement = try connection.prepare(
            "INSERT OR REPLACE INTO \(SQLiteSyntax.quote(table.name)) (\(SQLiteSyntax.quoteList(columns))) "
                + "VALUES (\(placeholders)) RETURNING \(SQLiteSyntax.quoteList(generated))")
        statements[key] = statement
        return statement
    }
}
