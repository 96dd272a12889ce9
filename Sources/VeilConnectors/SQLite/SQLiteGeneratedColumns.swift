import SQLiteDriver
import VeilCore

/// Computes generated columns for a CSV target, with SQLite itself: a SQLite source's (VIRTUAL and STORED), or a
/// PostgreSQL source's, translated to SQLite (``GenerationExpressionTranslator``).
///
/// Each table of a SQLite source with generated columns is created, by its own `CREATE TABLE` statement, in a
/// private in-memory database (CHECK constraints ignored, foreign keys off); a PostgreSQL source's tables are
/// created there at ``begin(schema:)`` as a SQLite target declares them (``SQLiteTargetPlan``, without keys), so an
/// expression that does not translate is refused before the first row. A batch's rows go in with one
/// `INSERT OR REPLACE ... RETURNING` of the generated columns, bound as ``SQLiteWriter`` binds them, and are rolled
/// back afterwards, so the values are exactly those a SQLite target computes for the same rows. Used from one thread
/// at a time.
public final class SQLiteGeneratedColumns: GeneratedColumnValues {
    private let connection: SQLiteConnection
    private var tables: [TableName: Table] = [:]
    private var statements: [StatementKey: SQLiteStatement] = [:]
    /// A PostgreSQL source's schema, for the partitions whose rows compute their root's columns.
    private var plan: SQLiteTargetPlan?

    private struct Table {
        /// The table's name in the in-memory database.
        var name: String
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
                    name: name, createStatement: row.text(at: 1), generated: generated, bindings: bindings)
            }
        } catch let error as SQLiteError {
            throw VeilError(
                .source, "cannot read the generated columns of SQLite database \(sourcePath): \(error.message)")
        }
    }

    /// For a PostgreSQL source: its tables' generated columns are read from the schema ``begin(schema:)`` gives.
    public init() throws {
        do {
            connection = try SQLiteConnection(path: ":memory:")
        } catch let error as SQLiteError {
            throw VeilError(.target, "cannot open the database that computes generated columns: \(error.message)")
        }
    }

    /// Translates the generated columns of a PostgreSQL source's `schema` (a SQLite source's were read at
    /// ``init(sourcePath:)``). Throws ``VeilError`` `.target` naming the first that does not translate.
    public func begin(schema: DatabaseSchema) throws {
        guard tables.isEmpty, schema.tables.contains(where: { !$0.name.schema.isEmpty }) else { return }
        let plan = try SQLiteTargetPlan(schema: schema)
        for table in plan.tables where !table.generated.isEmpty {
            var bindings: [String: SQLiteColumnMapping.Binding] = [:]
            for column in table.columns { bindings[column.name] = column.mapping.binding }
            tables[table.source.name] = Table(
                name: table.name, createStatement: plan.createStatement(table, constraints: false),
                generated: table.generated.map(\.name), bindings: bindings)
        }
        self.plan = plan
    }

    public func generatedColumns(of table: TableName) -> [String] {
        tables[key(of: table)]?.generated ?? []
    }

    /// The table whose generated columns `table`'s rows compute (a partition's root's).
    private func key(of table: TableName) -> TableName {
        plan?.table(for: table)?.source.name ?? table
    }

    public func values(of batch: RowBatch, columns: [String]) throws -> [[Field]] {
        let key = key(of: batch.table)
        guard var table = tables[key] else { return (0..<batch.count).map { _ in [] } }
        var row = batch.firstRowNumber
        do {
            if !table.created {
                try connection.execute(table.createStatement)
                table.created = true
                tables[key] = table
            }
            let statement = try statement(for: key, named: table.name, columns: columns, generated: table.generated)
            let bindings = columns.map { table.bindings[$0] ?? .text }
            try connection.begin()
            defer { try? connection.rollback() }
            var values: [[Field]] = []
            values.reserveCapacity(batch.count)
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

    private func statement(
        for table: TableName, named name: String, columns: [String], generated: [String]
    ) throws -> SQLiteStatement {
        let key = StatementKey(table: table, columns: columns)
        if let statement = statements[key] { return statement }
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let statement = try connection.prepare(
            "INSERT OR REPLACE INTO \(SQLiteSyntax.quote(name)) (\(SQLiteSyntax.quoteList(columns))) "
                + "VALUES (\(placeholders)) RETURNING \(SQLiteSyntax.quoteList(generated))")
        statements[key] = statement
        return statement
    }
}
