/// How a table's rows are laid out in the source, so that a sink of the same kind can mirror it.
public enum TableDataStyle: Hashable, Sendable {
    /// A `COPY ... FROM stdin` block (or any source without statements: SQLite, CSV, live tables).
    case copy
    /// `INSERT INTO ... VALUES` statements; `columnList` tells whether they named their columns.
    case insert(columnList: Bool)
}

/// The start of one table's rows.
public struct TableData: Hashable, Sendable {
    public var table: TableName
    /// The columns the rows carry, in order (a subset or reordering of the table's columns).
    public var columns: [String]
    public var style: TableDataStyle

    public init(table: TableName, columns: [String], style: TableDataStyle = .copy) {
        self.table = table
        self.columns = columns
        self.style = style
    }
}

/// One element of a source's stream.
public enum SourceItem: Sendable {
    /// Content that is not row data (DDL, SET, comments, meta-commands): sinks that can carry it
    /// reproduce it byte for byte.
    case passthrough(String)
    case beginTable(TableData)
    case rows(RowBatch)
    case endTable(TableName)
}

/// A cursor over a source: its schema first, then a stream of items.
///
/// Like GRDB's `Cursor`, `next()` throws and returns `nil` at the end. A source is used from one
/// thread at a time.
public protocol RowSource: AnyObject {
    /// Every table that has (or may have) rows in this source, with columns and keys. Available
    /// before the first row is read, so the run can refuse before writing anything.
    func schema() throws -> DatabaseSchema
    /// The next item, or `nil` when the source is exhausted.
    func next() throws -> SourceItem?
    /// How many rows each table holds, when the source knows before streaming (for progress bars).
    func expectedRowCounts() throws -> [TableName: Int]?
    /// How many rows of each table streamed so far the source's server says it sent (a live PostgreSQL source: each
    /// COPY's command tag), to check a copy against the source itself rather than against what was read; nil for a
    /// source without a server of its own (files, whose rows are counted as read).
    func serverRowCounts() -> [TableName: Int]?
    /// Asks the source, before its first item, to hand out the items of several tables interleaved (read at once
    /// on several sessions, the most work first: bytes times `cost`, 1 where not given), for a sink that loads
    /// several tables at once. Each table's
    /// items still come in order (`beginTable`, its rows in source order, `endTable`), no passthrough item falls
    /// inside a table's, and at most as many tables are open at once as the source reads at once (no more than
    /// the sink's ``RowSink/tablesAtOnce`` when both come from the same `--jobs`). Returns false, and keeps tables
    /// one after another, when the source cannot.
    func interleaveTables(atMost tables: Int, cost: [TableName: Int]) -> Bool
    /// Asks the source, before its first item, to hand out each table's rows in whatever order costs it least (a
    /// live database: a sequential scan rather than a walk of the primary key's index), for a sink whose tables keep
    /// no row order (a database). Returns false, and keeps the source's order, when the source has no choice.
    func readRowsInAnyOrder() -> Bool
}

extension RowSource {
    public func expectedRowCounts() throws -> [TableName: Int]? { nil }
    public func serverRowCounts() -> [TableName: Int]? { nil }
    public func interleaveTables(atMost tables: Int, cost: [TableName: Int]) -> Bool { false }
    public func readRowsInAnyOrder() -> Bool { false }
}

extension RowSink {
    /// Sinks that reproduce the source's own DDL (a plain dump) need nothing up front.
    public func begin(schema: DatabaseSchema) throws {}
    public var stagedPath: String? { nil }
    public var tablesAtOnce: Int { 1 }

    /// ``complete()`` and ``publish()`` in one step, for writers with nothing to check in between.
    public func finish() throws {
        try complete()
        try publish()
    }
}

/// A destination for a source's stream. Nothing becomes visible under the final name until `publish()` succeeds:
/// `complete()` finishes the output (written, synced) under a temporary name, so a run can check it and write its
/// report and manifest first, and publish last; `abort()` removes whatever was written and not published.
public protocol RowSink: AnyObject {
    /// Called once before the first item with the source's schema (after masking decisions, before any
    /// row), so sinks that create tables themselves (SQLite, CSV) know every table's columns.
    func begin(schema: DatabaseSchema) throws
    func write(_ item: SourceItem) throws
    /// Completes the output under its temporary name; nothing is visible under the final name yet.
    func complete() throws
    /// Moves the finished output under its final name (the last step of a run).
    func publish() throws
    /// Removes the unpublished output.
    func abort()
    /// Where the finished, unpublished output is (a file or a folder), for checks that read it back before it
    /// is published; nil for a sink whose output is not a file.
    var stagedPath: String? { get }
    /// How many tables' rows the sink takes interleaved (see ``RowSource/interleaveTables(atMost:cost:)``); 1 for a sink
    /// that needs each table's items together.
    var tablesAtOnce: Int { get }
}
