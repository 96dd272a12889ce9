import VeilConnectors
import VeilCore

/// Which source table's rows each table of an output holds, named with their schema (`public.people` and
/// `other.people` are different tables, never matched by bare name).
///
/// A plain dump keeps the source's qualified names (and a partition's rows in the partition's own COPY block). A
/// SQLite file or CSV folder has no schemas: a source table's rows are found under the name its writer gives them
/// (``TargetTableNames``: `people`, `other_people` in SQLite, `other.people` in CSV), partitions under their root's.
/// Two source tables (other than a partition and its root) that would share an output name are refused: their rows
/// could not be told apart.
struct OutputTableMapping: Sendable {
    /// The source table (a partition root for SQLite and CSV) whose rows each output table holds.
    private let sourceByOutput: [TableName: TableName]
    /// The output table each source table's rows go to.
    private let outputBySource: [TableName: TableName]

    init(source: DatabaseSchema, target: Endpoint) throws {
        var sourceByOutput: [TableName: TableName] = [:]
        var outputBySource: [TableName: TableName] = [:]
        // SQLite compares table names without regard to case.
        var rootByFolded: [String: TableName] = [:]
        for table in source.tables {
            let (output, root) = try Self.outputTable(of: table.name, in: source, target: target)
            let folded = target.isSQLite ? output.description.lowercased() : output.description
            if let other = rootByFolded[folded], other != root {
                throw VeilError(
                    .usage,
                    "the source tables \(other) and \(root) both map to the output table \(output): verify cannot "
                        + "tell their rows apart")
            }
            rootByFolded[folded] = root
            sourceByOutput[output] = root
            outputBySource[table.name] = output
        }
        self.sourceByOutput = sourceByOutput
        self.outputBySource = outputBySource
    }

    /// The output table the rows of `table` go to, and the source table it is named after.
    private static func outputTable(of table: TableName, in source: DatabaseSchema, target: Endpoint) throws
        -> (name: TableName, root: TableName)
    {
        switch target {
        case .sqlite: return TargetTableNames.sqlite(table, in: source)
        case .csv: return try TargetTableNames.csv(table, in: source)
        case .plainDump, .postgres: return (table, table)
        }
    }

    /// The source table whose rows `output` holds, or nil for a table the source does not have.
    func sourceTable(of output: TableName) -> TableName? {
        sourceByOutput[output]
    }

    /// The output table that holds the rows of `source`.
    func outputTable(of source: TableName) -> TableName? {
        outputBySource[source]
    }

    /// The source table that names the output table holding the rows of `source`: `source` itself, or for a SQLite
    /// or CSV output its partition root.
    func root(of source: TableName) -> TableName? {
        outputBySource[source].flatMap { sourceByOutput[$0] }
    }
}

extension Endpoint {
    var isSQLite: Bool {
        if case .sqlite = self { return true }
        return false
    }
}
