import VeilCore

/// How each kind of file target names the table a source table's rows land in, so that checks reading an output
/// back (the leak check's confirmation, `veil verify`) find the source table of each output table by its full
/// name — never by a bare table name, which two schemas may share (`public.people` and `other.people`).
///
/// - a plain dump keeps the source's qualified names;
/// - SQLite: `table` for the empty or `public` schema, else `schema_table`; a partition's or inheritance child's
///   rows go into its root table (``SQLiteTargetPlan``);
/// - CSV: `table.csv` or `schema.table.csv`, read back as the table `table` or `schema.table` in the empty schema;
///   children's rows go into their root's file (``CSVWriter``).
public enum OutputTableNaming: Sendable {
    case plainDump
    case sqlite
    case csv

    /// The output table that holds `table`'s rows.
    public func outputTable(of table: TableName, in schema: DatabaseSchema) -> TableName {
        switch self {
        case .plainDump:
            return table
        case .sqlite:
            return TableName(
                schema: "", name: SQLiteTargetPlan.targetName(Self.root(of: table, in: schema)))
        case .csv:
            let root = Self.root(of: table, in: schema)
            let base = root.schema.isEmpty || root.schema == "public" ? root.name : "\(root.schema).\(root.name)"
            return TableName(schema: "", name: base)
        }
    }

    /// Every output table with the source tables whose rows it holds (a root first, then its children).
    public func sourceTables(in schema: DatabaseSchema) -> [TableName: [TableName]] {
        var tables: [TableName: [TableName]] = [:]
        for table in schema.tables {
            tables[outputTable(of: table.name, in: schema), default: []].append(table.name)
        }
        return tables
    }

    /// The topmost ancestor of `table` that the schema lists and whose rows have the same columns (the table
    /// itself when it has no listed parent). A partition always shares its parent's columns; an inheritance child
    /// with columns of its own (`CREATE TABLE child (extra text) INHERITS (parent)`) is a table of its own, since
    /// its rows do not fit its parent's.
    static func root(of table: TableName, in schema: DatabaseSchema) -> TableName {
        var current = table
        var visited: Set<TableName> = [table]
        while let parent = schema[current]?.parent, let parentTable = schema[parent],
            let currentTable = schema[current], sameColumns(parentTable, currentTable),
            visited.insert(parent).inserted
        {
            current = parent
        }
        return current
    }

    /// The two tables' columns have the same names (in any order).
    private static func sameColumns(_ first: TableSchema, _ second: TableSchema) -> Bool {
        Set(first.columns.map(\.name)) == Set(second.columns.map(\.name))
    }
}
