import Foundation
import VeilCore

/// Watches the outputs of a lossy rule on a unique column (`unique: true`): the inputs are distinct
/// (a unique constraint holds them), so two equal outputs are a collision, and the run stops with
/// exit 3 naming the row instead of producing a copy that fails on restore.
///
/// Keeps one 64-bit hash per output; a false alarm needs a 64-bit hash collision.
final class UniquenessGuard: @unchecked Sendable {
    let column: ColumnName
    private let lock = NSLock()
    private var seen: Set<Int> = []

    init(column: ColumnName) {
        self.column = column
    }

    /// Records `values`; throws on the first output already seen.
    func record(_ values: MaskedValues, firstRowNumber: Int, table: TableName) throws {
        try lock.withLock {
            for index in 0..<values.count {
                // The hash of the bytes, whether the rule wrote bytes or Strings: equal bytes, equal hash.
                guard let hash = values.withValue(index, { $0.map(Self.hash) }) else { continue }
                if !seen.insert(hash).inserted {
                    throw VeilError(
                        .reviewNeeded,
                        "rule output collides with an earlier row's on a unique column; choose a bijective rule "
                            + "(fpe, card) for this column",
                        location: .init(table: table, column: column.column, row: firstRowNumber + index))
                }
            }
        }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return hasher.finalize()
    }
}
