import VeilCore

/// Which SQL a ``SubsetQueryableSource`` speaks.
public enum SubsetDialect: Sendable {
    case postgres
    case sqlite
}

/// Which rows of one table a source streams, and which columns it rewrites on the way.
public struct RowFilter: Sendable, Hashable {
    /// A SQL condition on the table's rows (`nil`: every row).
    public var condition: String?
    /// Column name → a SQL expression read instead of the column (for example a `CASE` that writes NULL where a
    /// foreign key's parent was left out of a snapshot).
    public var columnExpressions: [String: String]
    /// At most this many rows (the first in key order where the table has a primary key); `nil`: no limit.
    /// `veil scan` samples with it.
    public var limit: Int?

    public init(condition: String?, columnExpressions: [String: String] = [:], limit: Int? = nil) {
        self.condition = condition
        self.columnExpressions = columnExpressions
        self.limit = limit
    }
}

/// How a source's tables nest — PostgreSQL's partitioned tables and inheritance parents, whose queries (without
/// `ONLY`) return the rows of the tables below them too. Empty for a source whose tables do not nest (SQLite).
public struct TableNesting: Sendable, Hashable {
    /// The partitioned tables (`PARTITION BY`): they hold no rows of their own, their partitions hold them.
    public var partitioned: Set<TableName>
    /// Each table by its `tableoid` as text (its `pg_class` OID), to tell which table a row of a parent's query
    /// lives in.
    public var tablesByOID: [String: TableName]

    public init(partitioned: Set<TableName> = [], tablesByOID: [String: TableName] = [:]) {
        self.partitioned = partitioned
        self.tablesByOID = tablesByOID
    }
}

/// A live source that `veil snapshot` can subset: it answers queries inside the same snapshot (transaction) its
/// rows are later streamed from, and streams each table through a ``RowFilter``.
public protocol SubsetQueryableSource: RowSource {
    var subsetDialect: SubsetDialect { get }
    /// Runs a query in the reader's snapshot and returns every row's values as text (`nil` for NULL). Only before
    /// the first `next()`.
    func subsetQuery(_ sql: String) throws -> [[String?]]
    /// Streams `table` through `filter`. Only before the first `next()`.
    func setRowFilter(_ filter: RowFilter, for table: TableName)
    /// How the source's tables nest (``TableNesting``); by default they do not.
    var tableNesting: TableNesting { get }
}

extension SubsetQueryableSource {
    public var tableNesting: TableNesting { TableNesting() }
}
