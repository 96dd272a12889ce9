import Foundation
import VeilCore

/// Turns filter candidates into confirmed leaks, exactly, so a filter false positive never fails a run:
/// one pass over the source keeps only the originals whose fingerprint is among the candidates', then one pass over
/// the output compares the candidate fields with them. A run that kept its candidate fields in memory needs only the
/// pass over the source (``leakedPlaces(_:readOriginals:)``).
/// Memory is bounded by the number of candidates. Returns counts per output `table.column`, never a value.
struct LeakConfirmation {
    let index: SourceValueIndex
    let scope: LeakScope

    func confirm(_ candidates: LeakCandidates, source: RowSource, output: RowSource) throws -> [String: Int] {
        guard !candidates.isEmpty else { return [:] }
        let wanted = candidates.contained.values.reduce(into: Set<UInt64>()) { $0.formUnion($1) }
        var originals: [UInt64: Set<String>] = [:]
        try forEachField(of: source) { table, column, _, field in
            guard let scoped = scope.columns(of: table), scoped.masked.contains(column) else { return }
            guard scoped.watched.contains(column), field.utf8.count >= SourceValueIndex.minimumLength else { return }
            let fingerprint = index.hasher.fingerprint(field)
            if wanted.contains(fingerprint), field.count >= SourceValueIndex.minimumLength {
                originals[fingerprint, default: []].insert(field)
            }
        }
        var leaks: [String: Int] = [:]
        try forEachField(of: output) { table, column, row, field in
            guard let fingerprints = candidates.contained[LeakPlace(table: table.name, column: column, row: row)]
            else { return }
            let strictly = scope.search(table: table, column: column) == .strictlyInside
            let leaked = fingerprints.contains { fingerprint in
                originals[fingerprint]?.contains { original in
                    (!strictly || original != field) && field.range(of: original, options: .literal) != nil
                } ?? false
            }
            if leaked { leaks["\(table.description).\(column)", default: 0] += 1 }
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
        let wanted = captured.values.reduce(into: Set<UInt64>()) { $0.formUnion($1.fingerprints) }
        var originals: [UInt64: Set<String>] = [:]
        try readOriginals { bytes in
            guard bytes.count >= SourceValueIndex.minimumLength else { return }
            let fingerprint = index.hasher.fingerprint(bytes)
            guard wanted.contains(fingerprint) else { return }
            let original = String(decoding: bytes, as: UTF8.self)
            if original.count >= SourceValueIndex.minimumLength { originals[fingerprint, default: []].insert(original) }
        }
        return captured.compactMap { place, candidate in
            let leaked = candidate.fingerprints.contains { fingerprint in
                originals[fingerprint]?.contains { original in
                    (!candidate.strictlyInside || original != candidate.field)
                        && candidate.field.range(of: original, options: .literal) != nil
                } ?? false
            }
            return leaked ? place : nil
        }
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
