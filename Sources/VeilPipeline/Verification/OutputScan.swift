import VeilCore

/// One pass over an output (its tables named as the source names them, see ``SourceNamedOutput``): every searched
/// field (see ``LeakScope``) goes through the ``OutputFieldScanner`` when an index is given (the first pass), and
/// every row of a paired table is compared with its source row by ``KeyedRowPairing`` (rows align by key, never by
/// position: a snapshot holds a subset, and another reading of the source may give another order).
struct OutputScan {
    /// The source-value filter; nil in a later pairing pass, which only compares.
    let index: SourceValueIndex?
    let scope: LeakScope
    let pairing: KeyedRowPairing

    /// The filter's hits, and the output tables that hold rows.
    func run(over output: RowSource) throws -> (candidates: LeakCandidates, tablesWithRows: Set<TableName>) {
        var candidates = LeakCandidates()
        var tablesWithRows: Set<TableName> = []
        var columns: [String] = []
        var batchScan: OutputBatchScan?
        while let item = try output.next() {
            switch item {
            case .beginTable(let data):
                columns = data.columns
                batchScan = index.map { OutputBatchScan(index: $0, scope: scope, table: data.table, columns: columns) }
            case .rows(let batch):
                guard !batch.rows.isEmpty else { continue }
                tablesWithRows.insert(batch.table)
                batchScan?.scan(batch) { place, hits, _, _ in candidates.contained[place, default: []].formUnion(hits) }
                pairing.compare(batch, columns: columns)
            case .endTable, .passthrough: break
            }
        }
        return (candidates, tablesWithRows)
    }
}
