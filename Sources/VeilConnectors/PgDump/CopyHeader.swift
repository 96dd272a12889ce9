import VeilCore

/// The `COPY table [(columns)] FROM stdin;` line that starts a block of row data.
struct CopyHeader: Equatable {
    var table: TableName
    /// The columns as listed; nil when the statement lists none (all columns, in table order).
    var columns: [String]?

    enum Problem: Error {
        case unreadable
        /// Options (`WITH (FORMAT csv)`, `DELIMITER`, `BINARY`...) change the data format; only the text format
        /// pg_dump writes is read.
        case unsupportedOptions
    }

    /// Parses a statement classified as ``StatementKind/copyFromStdin``.
    static func parse(_ statement: TokenCursor, defaultSchema: String) throws(Problem) -> CopyHeader {
        var cursor = statement
        guard cursor.accept("copy"), let table = cursor.qualifiedName(defaultSchema: defaultSchema) else {
            throw .unreadable
        }
        var columns: [String]?
        if cursor.isSymbol("(") {
            guard let list = cursor.identifierList() else { throw .unreadable }
            columns = list
        }
        guard cursor.accept("from", "stdin") else { throw .unreadable }
        guard cursor.isAtEnd else { throw .unsupportedOptions }
        return CopyHeader(table: table, columns: columns)
    }
}
