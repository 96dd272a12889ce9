import VeilCore

/// An output read back with its tables named as the source names them (see ``OutputTableMapping``), so the scan, the
/// confirmation and the pairing look up the masking plan and report by the source's qualified names whatever the
/// output's kind. A table the source does not have keeps its output name.
final class SourceNamedOutput: RowSource {
    private let base: RowSource
    private let mapping: OutputTableMapping

    init(_ base: RowSource, mapping: OutputTableMapping) {
        self.base = base
        self.mapping = mapping
    }

    func schema() throws -> DatabaseSchema {
        DatabaseSchema(
            tables: try base.schema().tables.map { table in
                var named = table
                named.name = renamed(table.name)
                return named
            })
    }

    func next() throws -> SourceItem? {
        switch try base.next() {
        case nil: return nil
        case .beginTable(var data)?:
            data.table = renamed(data.table)
            return .beginTable(data)
        case .rows(var batch)?:
            batch.table = renamed(batch.table)
            return .rows(batch)
        case .endTable(let table)?: return .endTable(renamed(table))
        case .passthrough(let text)?: return .passthrough(text)
        }
    }

    private func renamed(_ table: TableName) -> TableName {
        mapping.sourceTable(of: table) ?? table
    }
}
