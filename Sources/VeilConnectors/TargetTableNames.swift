import VeilCore

/// How the file writers name a source table in their output, for a reader that must find a source table's rows in
/// an output again (`veil verify`). A SQLite file and a CSV folder have no schemas, so a table's output name carries
/// its schema unless that is empty or `public`; a partition or inheritance child has no table of its own there: its
/// rows go to its root ancestor's. A plain dump keeps every table under its own qualified name.
public enum TargetTableNames {
    /// The SQLite table the rows of `table` go to (`people`, `other_people`), as ``SQLiteWriter`` names it, and the
    /// source table it is made for (`table`'s root).
    public static func sqlite(_ table: TableName, in schema: DatabaseSchema) -> (name: TableName, root: TableName) {
        let root = SQLiteTargetPlan.root(of: table, in: schema)
        return (TableName(schema: "", name: SQLiteTargetPlan.targetName(root)), root)
    }

    /// The CSV table (its file's name without `.csv`: `people`, `other.people`) the rows of `table` go to, as
    /// ``CSVWriter`` names it and ``CSVReader`` reads it back, and the source table it is made for.
    public static func csv(_ table: TableName, in schema: DatabaseSchema) throws -> (name: TableName, root: TableName) {
        var root = table
        var seen: Set<TableName> = [table]
        while let parent = schema[root]?.parent, seen.insert(parent).inserted { root = parent }
        return (CSVReader.table(forFile: try CSVWriter.fileName(for: root)), root)
    }
}
