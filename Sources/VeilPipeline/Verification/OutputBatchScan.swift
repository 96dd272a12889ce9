import VeilCore
import VeilMasking

/// The searched fields (see ``LeakScope``) of one output table's batches, run through the ``OutputFieldScanner``.
/// Used on batches read back from an output (`veil verify`), where `scrub` and `json` values are searched at every
/// occurrence, and on batches as masking workers produce them (a run), where those are judged beside their originals
/// instead (``RunLeakObserver``) and skipped here.
struct OutputBatchScan: Sendable {
    private let scanner: OutputFieldScanner
    private let columns: [String]
    private let table: TableName
    /// Per column: nil when not searched here, else the replacing rule's space as a table (nil inside for kept
    /// text).
    private let search: [ShapeExcuses??]

    /// - Parameters:
    ///   - table: the source table whose rows the batches hold.
    ///   - passesThroughElsewhere: `scrub` and `json` columns are judged by the caller (a run).
    init(
        index: SourceValueIndex, scope: LeakScope, table: TableName, columns: [String],
        passesThroughElsewhere: Bool = false
    ) {
        scanner = OutputFieldScanner(index: index)
        self.columns = columns
        self.table = table
        search = columns.map { column -> ShapeExcuses?? in
            switch scope.search(table: table, column: column) {
            case .everyOccurrence: return .some(nil)
            case .replaced(let space): return .some(ShapeExcuses(space))
            case .passesThrough: return passesThroughElsewhere ? nil : .some(nil)
            }
        }
    }

    /// Whether no column of the table is searched here (nothing to do for its batches).
    var searchesNothing: Bool { !search.contains { $0 != nil } }

    /// Calls `hit` with each field of `batch` holding substrings that may be source values: its place, the hits and
    /// the field.
    func scan(_ batch: RowBatch, _ hit: (LeakPlace, [OutputFieldScanner.Hit], String) -> Void) {
        guard !searchesNothing else { return }
        if let (encoded, replaced) = batch.encoded {
            return scan(encoded, replaced: replaced, table: batch.table, first: batch.firstRowNumber, hit)
        }
        for (offset, row) in batch.rows.enumerated() {
            for (column, field) in row.enumerated() {
                guard let field, column < search.count, let space = search[column] else { continue }
                let hits = scanner.hits(in: field, excusing: space)
                guard !hits.isEmpty else { continue }
                hit(LeakPlace(table: table, column: columns[column], row: batch.firstRowNumber + offset), hits, field)
            }
        }
    }

    /// A batch of the source's bytes: kept fields are searched as the bytes lie there (escapes resolved), replaced
    /// columns as their values; no row is decoded.
    private func scan(
        _ rows: any EncodedRows, replaced: [Int: MaskedValues], table: TableName, first: Int,
        _ hit: (LeakPlace, [OutputFieldScanner.Hit], String) -> Void
    ) {
        let width = min(rows.width, search.count)
        for (column, values) in replaced where column < width {
            guard let space = search[column] else { continue }
            for offset in 0..<values.count {
                // Searched as bytes: a value a rule wrote as bytes becomes a String only when it holds a hit.
                let hits = values.withValue(offset) { value in
                    value.map { scanner.hits(in: UnsafeRawBufferPointer($0), excusing: space) } ?? []
                }
                guard !hits.isEmpty, let value = values[offset] else { continue }
                hit(LeakPlace(table: table, column: columns[column], row: first + offset), hits, value)
            }
        }
        let kept = (0..<rows.width).map { $0 < width && search[$0] != nil && replaced[$0] == nil }
        guard kept.contains(true) else { return }
        // The closure never throws: the search of a field cannot fail.
        try? rows.forEachField(inColumns: kept) { row, column, bytes in
            let hits = scanner.hits(in: bytes, excusing: search[column]!)
            guard !hits.isEmpty else { return }
            hit(
                LeakPlace(table: table, column: columns[column], row: first + row), hits,
                String(decoding: bytes, as: UTF8.self))
        }
    }
}
