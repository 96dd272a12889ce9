import VeilCore

/// One pass over an output: every searched field (see ``LeakScope``) and the text passed through between tables go
/// through the ``OutputFieldScanner`` when an index is given (the first pass), and every row of a paired table is
/// compared with its source row by ``KeyedRowPairing`` (rows align by key, never by position: a snapshot holds a
/// subset, and another reading of the source may give another order).
package struct OutputScan {
    /// The source-value filter; nil in a later pairing pass, which only compares.
    let index: SourceValueIndex?
    let scope: LeakScope
    let mapping: OutputTableMapping
    let pairing: KeyedRowPairing

    package init(index: SourceValueIndex?, scope: LeakScope, mapping: OutputTableMapping, pairing: KeyedRowPairing) {
        self.index = index
        self.scope = scope
        self.mapping = mapping
        self.pairing = pairing
    }

    /// The filter's hits, and the output tables (as the output names them) that hold rows.
    package func run(over output: RowSource) throws -> (candidates: LeakCandidates, tablesWithRows: Set<TableName>) {
        var candidates = LeakCandidates()
        var tablesWithRows: Set<TableName> = []
        var columns: [String] = []
        var table = TableName(schema: "", name: "")
        var batchScan: OutputBatchScan?
        var passthroughCount = 0
        let scanner = index.map { OutputFieldScanner(index: $0) }
        while let item = try output.next() {
            switch item {
            case .beginTable(let data):
                columns = data.columns
                table = mapping.sourceTable(of: data.table) ?? data.table
                batchScan = index.map { OutputBatchScan(index: $0, scope: scope, table: table, columns: columns) }
            case .rows(let batch):
                guard !batch.isEmpty else { continue }
                tablesWithRows.insert(batch.table)
                batchScan?.scan(batch) { place, hits, _ in
                    candidates.contained[place, default: []].formUnion(hits.map(\.fingerprint))
                }
                pairing.compare(batch, source: table, columns: columns)
            case .passthrough(let text):
                passthroughCount += 1
                guard let hits = scanner?.hits(in: text), !hits.isEmpty else { continue }
                candidates.contained[.passthrough(passthroughCount), default: []].formUnion(hits.map(\.fingerprint))
            case .endTable: break
            }
        }
        return (candidates, tablesWithRows)
    }
}
