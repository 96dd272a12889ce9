import Foundation
import VeilCore

/// Sees what ``TableMasker`` makes, on the worker that makes it: each masked column of each batch (originals and
/// outputs side by side), then the whole batch as the sink will write it.
protocol MaskedColumnObserver: Sendable {
    func observe(table: TableName, column: String, original: [Field], masked: [Field], firstRowNumber: Int)
    func observe(output: RowBatch, columns: [String])
}

/// The leak check's hook into a run. The source-value filter is complete before the first row is masked (see
/// ``RunLeakCheck/fillFilter(from:)``), so each output batch is scanned while it is still in memory, by the worker
/// that masked it, and the output is never read back unless a filter hit needs confirming. Masked fields equal to
/// their own row's original are counted exactly here.
final class RunLeakObserver: MaskedColumnObserver, @unchecked Sendable {
    let index: SourceValueIndex
    let scope: LeakScope
    private let lock = NSLock()
    private var sameRow: [String: Int] = [:]
    private var found: [LeakPlace: Set<UInt64>] = [:]
    /// By table and column order (INSERT-style dumps may list a table's columns differently in two runs).
    private var scans: [ScanKey: OutputBatchScan] = [:]

    private struct ScanKey: Hashable {
        let table: TableName
        let columns: [String]
    }

    init(index: SourceValueIndex, scope: LeakScope) {
        self.index = index
        self.scope = scope
    }

    func observe(table: TableName, column: String, original: [Field], masked: [Field], firstRowNumber: Int) {
        guard let scoped = scope.columns(of: table), scoped.masked.contains(column) else { return }
        var equal = 0
        for (before, after) in zip(original, masked) {
            if let before, !before.isEmpty, before == after, SourceValueIndex.isJudgedInPlace(before) { equal += 1 }
        }
        if equal > 0 { lock.withLock { sameRow["\(table.description).\(column)", default: 0] += equal } }
    }

    func observe(output: RowBatch, columns: [String]) {
        let key = ScanKey(table: output.table, columns: columns)
        let scan = lock.withLock {
            if let known = scans[key] { return known }
            let made = OutputBatchScan(index: index, scope: scope, table: output.table, columns: columns)
            scans[key] = made
            return made
        }
        guard !scan.searchesNothing else { return }
        var hits: [LeakPlace: Set<UInt64>] = [:]
        scan.scan(output, into: &hits)
        guard !hits.isEmpty else { return }
        lock.withLock { found.merge(hits) { $0.union($1) } }
    }

    /// Confirmed same-row leaks by source `table.column`.
    var sameRowLeaks: [String: Int] { lock.withLock { sameRow } }

    /// The output fields whose substrings hit the filter, to confirm exactly.
    var candidates: LeakCandidates { lock.withLock { LeakCandidates(contained: found) } }
}
