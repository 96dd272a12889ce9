import Foundation
import VeilCore
import VeilMasking

/// Turns filter candidates into confirmed leaks, exactly, so a filter false positive never fails a run:
/// one pass over the source keeps only the originals whose fingerprint is among the candidates', then one pass over
/// the output compares the candidate fields with them. A run that kept its candidate fields in memory needs only the
/// pass over the source (``leakedPlaces(_:readOriginals:)``).
/// Memory is bounded by the number of candidates. Returns counts per place, never a value.
package struct LeakConfirmation {
    let index: SourceValueIndex
    let scope: LeakScope

    package init(index: SourceValueIndex, scope: LeakScope) {
        self.index = index
        self.scope = scope
    }

    /// Confirms `candidates` by reading the source and the output again.
    /// - Parameter sourceTable: the source table whose rows an output table holds (see ``OutputTableNaming``).
    /// - Returns: the confirmed leaks by place (passed-through text is not read back: each of its candidates counts).
    package func confirm(
        _ candidates: LeakCandidates, source: RowSource, output: RowSource,
        sourceTable: (TableName) -> TableName?
    ) throws -> [LeakPlace] {
        guard !candidates.isEmpty else { return [] }
        let wanted = candidates.contained.values.reduce(into: Set<UInt64>()) { $0.formUnion($1) }
        var originals: [UInt64: Set<String>] = [:]
        try forEachField(of: source) { table, column, _, field in
            guard let scoped = scope.columns(of: table), scoped.watched.contains(column),
                field.utf8.count >= SourceValueIndex.minimumLength
            else { return }
            let fingerprint = index.hasher.fingerprint(field)
            if wanted.contains(fingerprint) { originals[fingerprint, default: []].insert(field) }
        }
        var leaks = candidates.contained.keys.filter(\.isPassthrough)
        let scanner = OutputFieldScanner(index: index)
        try forEachField(of: output) { outputTable, column, row, field in
            guard let table = sourceTable(outputTable) else { return }
            let place = LeakPlace(table: table, column: column, row: row)
            guard candidates.contained[place] != nil else { return }
            let candidate = CapturedCandidate(field: field, hits: scanner.hits(in: field, space: space(of: place)))
            if Self.holdsOriginal(candidate, originals) { leaks.append(place) }
        }
        return leaks
    }

    /// The places among `captured` (candidate fields a run kept in memory) that hold a source value: `readOriginals`
    /// hands over every watched source value once (a column pass), and only those with a candidate's fingerprint are
    /// kept, so memory stays bounded by the candidates.
    func leakedPlaces(
        _ captured: [LeakPlace: CapturedCandidate],
        readOriginals: ((UnsafeRawBufferPointer) -> Void) throws -> Void
    ) throws -> [LeakPlace] {
        let wanted = captured.values.reduce(into: Set<UInt64>()) { $0.formUnion($1.hits.map(\.fingerprint)) }
        var originals: [UInt64: Set<String>] = [:]
        try readOriginals { bytes in
            guard bytes.count >= SourceValueIndex.minimumLength else { return }
            let fingerprint = index.hasher.fingerprint(bytes)
            guard wanted.contains(fingerprint) else { return }
            originals[fingerprint, default: []].insert(String(decoding: bytes, as: UTF8.self))
        }
        return captured.compactMap { place, candidate in Self.holdsOriginal(candidate, originals) ? place : nil }
    }

    /// Whether one of the candidate's hits is exactly a source value with its fingerprint.
    private static func holdsOriginal(_ candidate: CapturedCandidate, _ originals: [UInt64: Set<String>]) -> Bool {
        candidate.hits.contains { hit in
            guard let known = originals[hit.fingerprint] else { return false }
            let text = String(decoding: candidate.bytes(of: hit), as: UTF8.self)
            return known.contains(text)
        }
    }

    /// The space a field at `place` is searched with, as the scan that found the candidate searched it.
    private func space(of place: LeakPlace) -> OutputSpace? {
        if case .replaced(let space) = scope.search(table: place.table, column: place.column) { return space }
        return nil
    }

    /// Calls `body` with every non-NULL, non-empty field of `reader` and its place.
    private func forEachField(
        of reader: RowSource, _ body: (TableName, String, Int, String) throws -> Void
    ) throws {
        var columns: [String] = []
        while let item = try reader.next() {
            switch item {
            case .beginTable(let data): columns = data.columns
            case .rows(let batch):
                for (offset, row) in batch.rows.enumerated() {
                    for (column, field) in row.enumerated() where column < columns.count {
                        guard let field, !field.isEmpty else { continue }
                        try body(batch.table, columns[column], batch.firstRowNumber + offset, field)
                    }
                }
            case .endTable, .passthrough: break
            }
        }
    }
}
