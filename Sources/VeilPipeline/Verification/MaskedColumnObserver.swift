import Foundation
import VeilCore

/// Sees what ``TableMasker`` makes, on the worker that makes it: each masked column of each batch (originals and
/// outputs side by side), then the whole batch as the sink will write it; and, on the writing thread, the text
/// between tables that a dump target passes through.
package protocol MaskedColumnObserver: Sendable {
    func observe(table: TableName, column: String, original: [Field], masked: MaskedValues, firstRowNumber: Int)
    func observe(output: RowBatch, columns: [String])
    func observe(passthrough text: String)
}

extension MaskedColumnObserver {
    /// The same, with the outputs as `String`s.
    func observe(table: TableName, column: String, original: [Field], masked: [Field], firstRowNumber: Int) {
        observe(
            table: table, column: column, original: original, masked: .fields(masked), firstRowNumber: firstRowNumber)
    }
}

/// The leak check's hook into a run. The source-value filter is complete before the first row is masked (see
/// ``RunLeakCheck/prepare(_:)``), so each output batch is scanned while it is still in memory, by the worker that
/// masked it, and the output is never read back unless a filter hit needs confirming. Masked fields equal to their
/// own row's original are counted exactly here; `scrub` and `json` values are searched beside their originals, so
/// that only text kept from the original counts; passed-through text (DDL, settings) is searched whole.
package final class RunLeakObserver: MaskedColumnObserver, @unchecked Sendable {
    let index: SourceValueIndex
    let scope: LeakScope
    private let lock = NSLock()
    private var sameRow: [TableName: [String: Int]] = [:]
    private var found: [LeakPlace: Set<UInt64>] = [:]
    private var captured: [LeakPlace: CapturedCandidate]? = [:]
    private var passthroughCount = 0
    /// By table and column order (INSERT-style dumps may list a table's columns differently in two runs).
    private var scans: [ScanKey: OutputBatchScan] = [:]

    private struct ScanKey: Hashable {
        let table: TableName
        let columns: [String]
    }

    /// Candidate fields kept at most (``capturedCandidates``).
    let capturedLimit: Int

    init(index: SourceValueIndex, scope: LeakScope, capturedLimit: Int = RunLeakObserver.capturedLimit) {
        self.index = index
        self.scope = scope
        self.capturedLimit = capturedLimit
    }

    package func observe(
        table: TableName, column: String, original: [Field], masked: MaskedValues, firstRowNumber: Int
    ) {
        guard let scoped = scope.columns(of: table) else { return }
        if scoped.masked.contains(column) {
            var equal = 0
            let split = scoped.parts[column]
            for (row, before) in zip(0..<masked.count, original) {
                guard let before, !before.isEmpty else { continue }
                // Compared as bytes, so that an output written as bytes becomes a String only where it differs and
                // a part of it must be compared.
                switch Self.compare(before, masked, row: row) {
                case .null:
                    continue
                case .equal:
                    if SourceValueIndex.isJudgedInPlace(before), !scoped.keepsUnchanged(column, before) { equal += 1 }
                case .different:
                    if let split, let after = masked[row],
                        Self.keepsAPart(before, after, split: split, column: column, scope: scoped)
                    {
                        equal += 1
                    }
                }
            }
            if equal > 0 { lock.withLock { sameRow[table, default: [:]][column, default: 0] += equal } }
        }
        if scoped.search[column] == .passesThrough {
            searchKeptText(
                table: table, column: column, original: original, masked: masked.fields, first: firstRowNumber)
        }
    }

    private enum Comparison { case null, equal, different }

    /// How row `row` of `masked` compares with its original `before`, byte for byte.
    private static func compare(_ before: String, _ masked: MaskedValues, row: Int) -> Comparison {
        if case .fields(let fields) = masked {
            guard let after = fields[row] else { return .null }
            return before == after ? .equal : .different
        }
        return masked.withValue(row) { after in
            guard let after else { return .null }
            return before.utf8.count == after.count && before.utf8.elementsEqual(after) ? .equal : .different
        }
    }

    /// Whether a masked array or document kept one of its original parts in its place (an element or string leaf
    /// equal to the one it replaced).
    private static func keepsAPart(
        _ before: String, _ after: String, split: (String) -> [String]?, column: String, scope: LeakScope.Columns
    ) -> Bool {
        guard let originals = split(before), let outputs = split(after) else { return false }
        return zip(originals, outputs).contains { original, output in
            original == output && SourceValueIndex.isJudgedInPlace(original) && !scope.keepsUnchanged(column, original)
        }
    }

    /// A `scrub` or `json` column: a source value in the output is a leak where the rule left the original's text
    /// (the same bytes occur in the original field), a coincidence where the rule wrote it.
    private func searchKeptText(table: TableName, column: String, original: [Field], masked: [Field], first: Int) {
        let scanner = OutputFieldScanner(index: index)
        var hits: [(place: LeakPlace, candidate: CapturedCandidate)] = []
        for (offset, output) in masked.enumerated() {
            guard let output else { continue }
            let kept = scanner.hits(in: output).filter { hit in
                guard offset < original.count, let before = original[offset] else { return false }
                return Self.contains(before, Array(output.utf8)[hit.start..<(hit.start + hit.length)])
            }
            guard !kept.isEmpty else { continue }
            hits.append(
                (
                    LeakPlace(table: table, column: column, row: first + offset),
                    CapturedCandidate(field: output, hits: kept)
                ))
        }
        record(hits)
    }

    package func observe(output: RowBatch, columns: [String]) {
        let key = ScanKey(table: output.table, columns: columns)
        let scan = lock.withLock {
            if let known = scans[key] { return known }
            let made = OutputBatchScan(
                index: index, scope: scope, table: output.table, columns: columns, passesThroughElsewhere: true)
            scans[key] = made
            return made
        }
        guard !scan.searchesNothing else { return }
        var hits: [(place: LeakPlace, candidate: CapturedCandidate)] = []
        scan.scan(output) { place, found, field in
            hits.append((place, CapturedCandidate(field: field, hits: found)))
        }
        record(hits)
    }

    package func observe(passthrough text: String) {
        let number = lock.withLock {
            passthroughCount += 1
            return passthroughCount
        }
        let hits = OutputFieldScanner(index: index).hits(in: text)
        guard !hits.isEmpty else { return }
        record([(LeakPlace.passthrough(number), CapturedCandidate(field: text, hits: hits))])
    }

    private func record(_ hits: [(place: LeakPlace, candidate: CapturedCandidate)]) {
        guard !hits.isEmpty else { return }
        lock.withLock {
            for hit in hits {
                found[hit.place, default: []].formUnion(hit.candidate.hits.map(\.fingerprint))
                guard captured != nil else { continue }
                captured![hit.place] = hit.candidate
                if captured!.count > capturedLimit { captured = nil }
            }
        }
    }

    private static func contains(_ text: String, _ needle: ArraySlice<UInt8>) -> Bool {
        let haystack = Array(text.utf8)
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == first && haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return true
            }
            start += 1
        }
        return false
    }

    /// Confirmed same-row leaks by source table and column.
    var sameRowLeaks: [TableName: [String: Int]] { lock.withLock { sameRow } }

    /// The output fields whose substrings hit the filter, to confirm exactly.
    var candidates: LeakCandidates { lock.withLock { LeakCandidates(contained: found) } }

    /// The candidate fields themselves, kept in memory (never written or printed) so that confirming them takes
    /// one column pass over the source instead of re-reading source and output; nil beyond ``capturedLimit``.
    var capturedCandidates: [LeakPlace: CapturedCandidate]? { lock.withLock { captured } }

    /// Candidate fields kept at most by default; beyond, the candidates are confirmed by re-reading the output where
    /// its rows come back in the order they were written (see ``RunLeakCheck/verify(_:output:)``).
    static let capturedLimit = 100_000
}

/// An output field holding substrings that hit the filter, as the run wrote it, with those substrings.
struct CapturedCandidate: Sendable {
    let field: String
    let hits: [OutputFieldScanner.Hit]

    /// The bytes of `hit` in the field.
    func bytes(of hit: OutputFieldScanner.Hit) -> ArraySlice<UInt8> {
        Array(field.utf8)[hit.start..<(hit.start + hit.length)]
    }
}
