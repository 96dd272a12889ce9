import Foundation
import VeilCore

/// Sees each masked column of each batch as ``TableMasker`` masks it: originals and outputs side by side.
protocol MaskedColumnObserver: Sendable {
    func observe(table: TableName, column: String, original: [Field], masked: [Field], firstRowNumber: Int)
}

/// The leak check's hook into a run: feeds the originals of watched columns into the source-value filter (so the
/// source is read once) and counts, exactly, masked fields equal to their own row's original.
final class RunLeakObserver: MaskedColumnObserver, @unchecked Sendable {
    let index: SourceValueIndex
    let scope: LeakScope
    private let lock = NSLock()
    private var sameRow: [String: Int] = [:]

    init(index: SourceValueIndex, scope: LeakScope) {
        self.index = index
        self.scope = scope
    }

    func observe(table: TableName, column: String, original: [Field], masked: [Field], firstRowNumber: Int) {
        guard let scoped = scope.columns(of: table), scoped.masked.contains(column) else { return }
        index.add(original, watched: scoped.watched.contains(column))
        var equal = 0
        for (before, after) in zip(original, masked) {
            if let before, !before.isEmpty, before == after, SourceValueIndex.isJudgedInPlace(before) { equal += 1 }
        }
        if equal > 0 { lock.withLock { sameRow["\(table.description).\(column)", default: 0] += equal } }
    }

    /// Confirmed same-row leaks by source `table.column`.
    var sameRowLeaks: [String: Int] { lock.withLock { sameRow } }
}
