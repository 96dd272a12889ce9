import VeilCore

/// One pass over an output: every searched field (see ``LeakScope``) goes through the ``OutputFieldScanner``, and so
/// does the text passed through between tables; with a place filter (`veil verify`), every masked field is also
/// looked up at its own place (same table, column and row number: a dump, SQLite or CSV output keeps the source's
/// row order, so rows align by their number).
struct OutputScan {
    let index: SourceValueIndex
    let scope: LeakScope
    /// The source table whose rows an output table holds (see ``OutputTableNaming``).
    let sourceTable: (TableName) -> TableName?

    func candidates(in output: RowSource) throws -> LeakCandidates {
        var candidates = LeakCandidates()
        var columns: [String] = []
        var table = TableName(schema: "", name: "")
        var batchScan: OutputBatchScan?
        var maskedIndices: [(index: Int, place: UInt64)] = []
        var passthroughCount = 0
        let scanner = OutputFieldScanner(index: index)
        while let item = try output.next() {
            switch item {
            case .beginTable(let data):
                columns = data.columns
                table = sourceTable(data.table) ?? data.table
                batchScan = OutputBatchScan(index: index, scope: scope, table: table, columns: columns)
                maskedIndices = []
                if index.places != nil, let scoped = scope.columns(of: table) {
                    maskedIndices = columns.enumerated().filter { scoped.masked.contains($0.element) }.map {
                        ($0.offset, index.placeKey(table: table.description, column: $0.element))
                    }
                }
            case .rows(let batch):
                batchScan?.scan(batch) { place, hits, _ in
                    candidates.contained[place, default: []].formUnion(hits.map(\.fingerprint))
                }
                guard let places = index.places else { continue }
                for (offset, row) in batch.rows.enumerated() {
                    let rowNumber = batch.firstRowNumber + offset
                    for masked in maskedIndices where masked.index < row.count {
                        guard let field = row[masked.index], !field.isEmpty else { continue }
                        let key = index.hasher.placed(
                            index.hasher.fingerprint(field), place: masked.place, row: rowNumber)
                        if places.mayContain(key) {
                            candidates.sameRow.insert(
                                LeakPlace(table: table, column: columns[masked.index], row: rowNumber))
                        }
                    }
                }
            case .passthrough(let text):
                passthroughCount += 1
                let hits = scanner.hits(in: text)
                if !hits.isEmpty {
                    candidates.contained[.passthrough(passthroughCount), default: []].formUnion(hits.map(\.fingerprint))
                }
            case .endTable: break
            }
        }
        return candidates
    }
}
