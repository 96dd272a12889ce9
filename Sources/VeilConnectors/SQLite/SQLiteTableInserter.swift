import SQLiteDriver
import VeilCore

/// Inserts one source table's rows into its SQLite table through one prepared statement.
final class SQLiteTableInserter {
    let source: TableName
    private let statement: SQLiteStatement
    private let columns: [String]
    private let bindings: [SQLiteColumnMapping.Binding]

    /// - Parameters:
    ///   - data: the source's table data (its column list may be a subset or reordering).
    ///   - target: the SQLite table the rows go to.
    init(connection: SQLiteConnection, data: TableData, target: SQLiteTargetPlan.Table) throws {
        source = data.table
        columns = data.columns
        bindings = data.columns.map { name in
            target.columns.first { $0.name == name }?.mapping.binding ?? .text
        }
        let placeholders = Array(repeating: "?", count: data.columns.count).joined(separator: ", ")
        statement = try connection.prepare(
            "INSERT INTO \(SQLiteSyntax.quote(target.name)) (\(SQLiteSyntax.quoteList(data.columns))) "
                + "VALUES (\(placeholders))")
    }

    /// Inserts every row of `batch`; errors name the table, column and row, never a value.
    func insert(_ batch: RowBatch, path: String) throws {
        for (offset, row) in batch.rows.enumerated() {
            let rowNumber = batch.firstRowNumber + offset
            guard row.count == columns.count else {
                throw VeilError(
                    .target, "row has \(row.count) fields, the table data declares \(columns.count) columns",
                    location: VeilError.Location(table: source, row: rowNumber))
            }
            var column: String?
            do {
                for index in row.indices {
                    column = columns[index]
                    try SQLiteFieldBinding.bind(
                        row[index], storageClass: batch.storageClasses?[offset, index] ?? .unknown,
                        binding: bindings[index], to: statement, at: index + 1)
                }
                column = nil
                try statement.run()
            } catch let error as SQLiteError {
                throw VeilError(
                    .target, "cannot write SQLite database \(path): \(error.message)",
                    location: VeilError.Location(table: source, column: column, row: rowNumber))
            }
        }
    }
}
