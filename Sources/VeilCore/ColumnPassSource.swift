/// A source that can read chosen columns of chosen tables in a pass of their own, before its stream begins and
/// without disturbing it. Cheaper than a second full read: other tables are skipped, other fields never decoded,
/// and the chosen values are handed over as bytes, not materialized as rows. The leak check of a run fills its
/// source-value filter this way before the first row is masked.
public protocol ColumnPassSource: RowSource {
    /// Calls `body` with every non-NULL value of the named columns of the tables named in `columns` (keys as
    /// ``schema()`` names them): its table, its column and its UTF-8 bytes (valid only during the call). The values
    /// are a set: a table's rows may come in any order (a live database reads them without sorting by the key).
    /// Only before the first `next()`.
    func readColumns(
        _ columns: [TableName: Set<String>], _ body: (TableName, String, UnsafeRawBufferPointer) throws -> Void
    ) throws
}

extension RowBatch {
    /// Hands each non-NULL field of the columns named in `wanted` to `body` (table, column, UTF-8 bytes), for
    /// sources whose column pass reads rows; `columns` names the rows' fields in order. A batch of the source's own
    /// bytes hands over its fields as they lie there, escapes resolved, without building a `String`.
    public func forEachValue(
        columns: [String], wanted: Set<String>, _ body: (TableName, String, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        if let (encoded, replaced) = encoded, replaced.isEmpty {
            let mask = (0..<encoded.width).map { $0 < columns.count && wanted.contains(columns[$0]) }
            try encoded.forEachField(inColumns: mask) { _, column, value in try body(table, columns[column], value) }
            return
        }
        for (position, name) in columns.enumerated() where wanted.contains(name) {
            for var value in column(position) {
                guard value != nil else { continue }
                try value!.withUTF8 { try body(table, name, UnsafeRawBufferPointer($0)) }
            }
        }
    }
}
