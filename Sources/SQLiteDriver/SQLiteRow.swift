/// The current result row of a statement, valid until the statement steps again or is reset.
///
/// Column indexes are 0-based. Reading a column as another type converts the way SQLite does
/// (`sqlite3_column_*`); check ``type(at:)`` first to read values as stored.
public struct SQLiteRow {
    let statement: SQLiteStatement

    public var columnCount: Int { statement.columnCount }

    public func columnName(at index: Int) -> String { statement.columnName(at: index) }

    /// The storage class of the value in column `index`.
    public func type(at index: Int) -> SQLiteColumnType { statement.type(at: index) }

    public func isNull(at index: Int) -> Bool { statement.type(at: index) == .null }

    public func int64(at index: Int) -> Int64 { statement.int64(at: index) }

    public func double(at index: Int) -> Double { statement.double(at: index) }

    /// The value as UTF-8 text (NULL reads as the empty string; check ``isNull(at:)``).
    public func text(at index: Int) -> String { statement.text(at: index) }

    /// The value's bytes (NULL and zero-length blobs read as `[]`).
    public func blob(at index: Int) -> [UInt8] { statement.blob(at: index) }

    /// The value as text, or `nil` for NULL.
    public func optionalText(at index: Int) -> String? { isNull(at: index) ? nil : text(at: index) }
}
