import VeilConnectors
import VeilCore

/// Which source table's rows each table of an output holds, both ways, tables always named with their schema
/// (`public.people` and `other.people` are two tables, never matched by bare name). Built on the writers' own
/// naming (``OutputTableNaming``): a plain dump keeps the source's qualified names (a partition's rows in its own
/// COPY block); a SQLite file or CSV folder has no schemas and holds a partition's rows in its root's table.
/// Two source tables that would share an output table without being a partition and its root are refused: their
/// rows could not be told apart.
package struct OutputTableMapping: Sendable {
    /// The source table an output table is made for (a partition root for SQLite and CSV).
    private let sourceByOutput: [TableName: TableName]
    /// The output table each source table's rows go to.
    private let outputBySource: [TableName: TableName]

    package init(source: DatabaseSchema, naming: OutputTableNaming) throws {
        var sourceByOutput: [TableName: TableName] = [:]
        var outputBySource: [TableName: TableName] = [:]
        // SQLite compares table names without regard to case.
        var outputByFolded: [String: TableName] = [:]
        for (output, tables) in naming.sourceTables(in: source) {
            let members = Set(tables)
            let roots = tables.filter { source[$0]?.parent.map { !members.contains($0) } ?? true }
            let folded = naming == .sqlite ? output.description.lowercased() : output.description
            guard roots.count == 1, let root = roots.first, outputByFolded[folded] == nil else {
                let names = (tables + [outputByFolded[folded]].compactMap { $0 }).map(\.description).sorted()
                throw VeilError(
                    .usage,
                    "the source tables \(names.joined(separator: ", ")) all map to the output table \(output): "
                        + "verify cannot tell their rows apart")
            }
            outputByFolded[folded] = output
            sourceByOutput[output] = root
            for table in tables { outputBySource[table] = output }
        }
        self.sourceByOutput = sourceByOutput
        self.outputBySource = outputBySource
    }

    /// The source table an output table is made for, or nil for a table the source does not have.
    package func sourceTable(of output: TableName) -> TableName? {
        sourceByOutput[output]
    }

    /// The output table that holds the rows of `source`.
    package func outputTable(of source: TableName) -> TableName? {
        outputBySource[source]
    }

    /// The source table that names the output table holding the rows of `source`: `source` itself, or for a SQLite
    /// or CSV output its partition root.
    func root(of source: TableName) -> TableName? {
        outputBySource[source].flatMap { sourceByOutput[$0] }
    }
}
