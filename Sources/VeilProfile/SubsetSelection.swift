/// How `veil snapshot` picks the root rows of one table (a `subset:` entry).
///
/// Written either as a bare SQL condition (`public.customers: "id % 100 = 0"`) or as a map
/// `{ where: "...", percent: 10, limit: 500 }`, any of the three optional:
/// - `where`: a SQL condition on the table's rows, evaluated by the source (PostgreSQL or SQLite syntax).
/// - `percent`: about this share (0 < p ≤ 100) of the rows, picked by a hash of the primary key, so the same
///   rows come every time (not a random sample).
/// - `limit`: at most this many root rows, the first ones in primary-key order.
public struct SubsetSelection: Sendable, Hashable {
    public var condition: String?
    public var percent: Double?
    public var limit: Int?
    /// Where the entry was written.
    public var location: SourceLocation?

    public init(condition: String? = nil, percent: Double? = nil, limit: Int? = nil, location: SourceLocation? = nil) {
        self.condition = condition
        self.percent = percent
        self.limit = limit
        self.location = location
    }
}

/// `subset_options:` (snapshot only): how far the closure along foreign keys goes.
///
/// Parents are always followed (every foreign key of the snapshot holds). `include_children: true` also takes
/// the rows that reference root rows, and their children in turn — but only downward from the roots: a row
/// pulled in as somebody's parent does not bring its own children. `max_rows_per_table` caps every table (a
/// subset entry's `limit` caps its roots); a cap never breaks a foreign key: a parent a NOT NULL foreign key
/// needs always comes, and a nullable foreign key whose parent the cap keeps out is written as NULL (that is also
/// how reference cycles are cut short).
public struct SubsetOptions: Sendable, Hashable {
    public var includeChildren: Bool
    public var maxRowsPerTable: Int?

    public init(includeChildren: Bool = false, maxRowsPerTable: Int? = nil) {
        self.includeChildren = includeChildren
        self.maxRowsPerTable = maxRowsPerTable
    }
}
