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
    private var sameRow: [TableName: [String: Int]] = [:]
    private var found: [LeakPlace: Set<UInt64>] = [:]
    private var captured: [LeakPlace: CapturedCandidate]? = [:]
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
            if let before, !before.isEmpty, before == after, SourceValueIndex.isJudgedInPlace(before),
                !scoped.keepsUnchanged(column, before)
            {
                equal += 1
            }
        }
        if equal > 0 { lock.withLock { sameRow[table, default: [:]][column, default: 0] += equal } }
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
        var hits: [(place: LeakPlace, candidate: CapturedCandidate)] = []
        scan.scan(output) { place, fingerprints, field, strictly in
            hits.append((place, CapturedCandidate(fingerprints: fingerprints, field: field, strictlyInside: strictly)))
        }
        guard !hits.isEmpty else { return }
        lock.withLock {
            for hit in hits {
                found[hit.place, default: []].formUnion(hit.candidate.fingerprints)
                guard captured != nil else { continue }
                captured![hit.place] = hit.candidate
                if captured!.count > Self.capturedLimit { captured = nil }
            }
        }
    }

    /// Confirmed same-row leaks by source table and column.
    var sameRowLeaks: [TableName: [String: Int]] { lock.withLock { sameRow } }

    /// The output fields whose substrings hit the filter, to confirm exactly.
    var candidates: LeakCandidates { lock.withLock { LeakCandidates(contained: found) } }

    /// The candidate fields themselves, kept in memory (never written or printed) so that confirming them takes
    /// one column pass over the source instead of re-reading source and output; nil beyond ``capturedLimit``.
    var capturedCandidates: [LeakPlace: CapturedCandidate]? { lock.withLock { captured } }

    /// Candidate fields kept at most; beyond, the candidates are confirmed by re-reading the output.
    static let capturedLimit = 100_000
}

/// An output field whose substrings hit the filter, as the run wrote it.
struct CapturedCandidate: Sendable {
    var fingerprints: Set<UInt64>
    let field: String
    let strictlyInside: Bool
}
