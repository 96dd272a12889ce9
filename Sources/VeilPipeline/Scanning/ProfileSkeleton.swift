import VeilCore

/// A complete profile suggested by `veil scan`: every table and column of the source with a suggested rule.
public struct ProfileSkeleton: Sendable {
    public struct ColumnSuggestion: Sendable, Hashable {
        public var column: String
        public var rule: SuggestedRule
    }

    public struct TableSuggestion: Sendable, Hashable {
        public var name: TableName
        /// For a partition (or inheritance child) whose columns are its parent's: the parent, whose entry governs
        /// it. Its columns are then not written again.
        public var followsParent: TableName?
        public var columns: [ColumnSuggestion]
    }

    /// The source as written into `source:` (a URL without its password).
    public var source: String
    /// The source for the header comment (a URL with its password redacted).
    public var sourceDescription: String
    /// `public` for PostgreSQL-shaped sources, empty for SQLite and CSV.
    public var defaultSchema: String
    public var target: String
    public var targetComment: String?
    public var rowsPerTable: Int
    public var tables: [TableSuggestion]
    /// The CSV source's delimiter and quote, written as `csv:` when they are not RFC 4180's.
    public var csv: CSVDialect = .standard

    package init(
        source: String, sourceDescription: String, defaultSchema: String, target: String, targetComment: String?,
        rowsPerTable: Int, tables: [TableSuggestion], csv: CSVDialect = .standard
    ) {
        self.source = source
        self.sourceDescription = sourceDescription
        self.defaultSchema = defaultSchema
        self.target = target
        self.targetComment = targetComment
        self.rowsPerTable = rowsPerTable
        self.tables = tables
        self.csv = csv
    }

    /// Every column with a `review:` marker, as `table.column`.
    public var marked: [String] {
        tables.flatMap { table in
            table.columns.filter { $0.rule.review != nil }.map { "\(table.name).\($0.column)" }
        }
    }

    /// The suggestion for one column (`nil` when the table follows its parent or has no such column).
    public func rule(_ table: TableName, _ column: String) -> SuggestedRule? {
        tables.first { $0.name == table }?.columns.first { $0.column == column }?.rule
    }
}
