/// A unique index that is not a plain unique key: it is partial (`WHERE ...`), or it indexes expressions
/// (`lower(email)`). Rows still cannot repeat what it covers, so a masked column it reads can break a restore,
/// but no reader can tell which rows or which values: `veil check` treats a partial index on one plain column
/// like a unique key and names the others.
public struct LimitedUniqueIndex: Hashable, Sendable {
    public var name: String
    /// The table's columns the index reads: its plain key columns and the columns its expressions mention.
    public var columns: [String]
    /// The index has a `WHERE` predicate: only the rows it admits must be distinct.
    public var isPartial: Bool
    /// Some key of the index is an expression rather than a plain column.
    public var hasExpressions: Bool

    public init(name: String, columns: [String], isPartial: Bool, hasExpressions: Bool) {
        self.name = name
        self.columns = columns
        self.isPartial = isPartial
        self.hasExpressions = hasExpressions
    }

    /// What the index is, for messages: "partial unique index x", "unique expression index x".
    public var kindDescription: String {
        switch (isPartial, hasExpressions) {
        case (true, true): "partial unique expression index \(name)"
        case (true, false): "partial unique index \(name)"
        default: "unique expression index \(name)"
        }
    }
}
