/// A table's qualified name, as the source spells it.
///
/// A profile key `schema.table` maps to one; a bare `table` means `public.table` for PostgreSQL
/// sources, and the table itself (empty schema) for SQLite and CSV.
public struct TableName: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var schema: String
    public var name: String

    public init(schema: String, name: String) {
        self.schema = schema
        self.name = name
    }

    /// `schema.table`, or just `table` when the schema is empty.
    public var description: String { schema.isEmpty ? name : "\(schema).\(name)" }

    public static func < (lhs: TableName, rhs: TableName) -> Bool {
        (lhs.schema, lhs.name) < (rhs.schema, rhs.name)
    }
}

/// A column's qualified name, used in error messages and reports.
public struct ColumnName: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var table: TableName
    public var column: String

    public init(table: TableName, column: String) {
        self.table = table
        self.column = column
    }

    public var description: String { "\(table).\(column)" }

    public static func < (lhs: ColumnName, rhs: ColumnName) -> Bool {
        (lhs.table, lhs.column) < (rhs.table, rhs.column)
    }
}
