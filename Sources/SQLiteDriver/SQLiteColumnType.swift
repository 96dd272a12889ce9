/// The storage class of one value in a result row (SQLite's dynamic type, not the declared type).
public enum SQLiteColumnType: Hashable, Sendable {
    case integer
    case real
    case text
    case blob
    case null
}
