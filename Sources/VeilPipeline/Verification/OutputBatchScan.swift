import VeilCore

/// The searched fields (see ``LeakScope``) of one output table's batches, run through the ``OutputFieldScanner``:
/// every field of a column searched at every occurrence, and strictly inside for a `secret` rule's replaced values.
/// Used on batches read back from an output (`veil verify`) and on batches as masking workers produce them (a run).
struct OutputBatchScan: Sendable {
    private let scanner: OutputFieldScanner
    private let columns: [String]
    private let search: [LeakScope.Search]

    init(index: SourceValueIndex, scope: LeakScope, table: TableName, columns: [String]) {
        scanner = OutputFieldScanner(index: index)
        self.columns = columns
        search = columns.map { scope.search(table: table, column: $0) }
    }

    /// Whether no column of the table is searched (nothing to do for its batches).
    var searchesNothing: Bool { !search.contains { $0 != .none } }

    /// Calls `hit` with each field of `batch` whose substrings hit the filter: its place, the hits' fingerprints, the
    /// field and whether it is searched strictly inside.
    func scan(_ batch: RowBatch, _ hit: (LeakPlace, Set<UInt64>, String, Bool) -> Void) {
        guard !searchesNothing else { return }
        for (offset, row) in batch.rows.enumerated() {
            for (column, field) in row.enumerated() {
                guard let field, column < search.count, search[column] != .none else { continue }
                let strictly = search[column] == .strictlyInside
                let hits = scanner.hits(in: field, strictlyInside: strictly)
                guard !hits.isEmpty else { continue }
                let place = LeakPlace(
                    table: batch.table.name, column: columns[column], row: batch.firstRowNumber + offset)
                hit(place, hits, field, strictly)
            }
        }
    }
}
