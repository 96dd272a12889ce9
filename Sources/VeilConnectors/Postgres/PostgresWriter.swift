import PostgresDriver
import VeilCore

/// Loads a stream into a live PostgreSQL database as a ``RowSink``: the DDL that arrives as `.passthrough` (a
/// pg_dump's own text, or the pre-data and post-data sections of `pg_dump --schema-only`) is run statement by
/// statement before the next table's rows (see ``SQLScriptRunner``), each table's rows go in with
/// `COPY schema.table (columns) FROM STDIN` — generated columns are never among them —, and at ``complete()`` the
/// remaining DDL (indexes, constraints, triggers) runs and every sequence is moved past its column's maximum
/// (``SequenceCatchUp``).
///
/// Each session is a ``PostgresWriterLane`` that encodes and sends its table's rows on its own queue, so writing
/// overlaps masking; with several sessions, that many tables load at once when the source interleaves them
/// (``tablesAtOnce``), as `pg_restore -j` does. The DDL runs on the first session, and only while no table is open.
///
/// The writer fills the database it is given and never swaps anything: publishing the database atomically (and
/// dropping it after a failure) is the caller's job — see `veil refresh`. Each COPY commits on its own
/// (`synchronous_commit` off for speed), since the whole database is discarded on failure.
///
/// Errors are `.target` ``VeilError``s naming the table (and for a bad value the server's message with the value
/// scrubbed), never a value. A lane's error is thrown by the writer's next call (at the latest by ``complete()``).
public final class PostgresWriter: RowSink {
    private let lanes: [PostgresWriterLane]
    private let script = SQLScriptRunner()
    private var isClosed = false

    /// Loads into the database `connection` is open on (which should be empty), one table at a time.
    public convenience init(connection: PostgresConnection) throws {
        try self.init(connections: [connection])
    }

    /// Loads into the database the `connections` are open on (which should be empty), up to one table per
    /// connection at once; the first connection also runs the DDL.
    public init(connections: [PostgresConnection]) throws {
        guard !connections.isEmpty else { throw VeilError(.internal, "a PostgreSQL writer needs a session") }
        for connection in connections {
            do {
                try connection.execute("SET synchronous_commit = off")
            } catch let error as PostgresError {
                throw VeilError(.target, "cannot prepare the target session: \(error.message)")
            }
        }
        lanes = connections.enumerated().map { PostgresWriterLane(connection: $1, number: $0) }
    }

    deinit {
        if !isClosed { abort() }
    }

    /// How many tables' rows the writer takes interleaved: one per session.
    public var tablesAtOnce: Int { lanes.count }

    /// Rows stored per table, as the server counted them at the end of each COPY (complete once the writer is).
    public var storedRows: [TableName: Int] {
        lanes.reduce(into: [:]) { stored, lane in stored.merge(lane.storedRows, uniquingKeysWith: +) }
    }

    public func write(_ item: SourceItem) throws {
        guard !isClosed else { throw VeilError(.internal, "the PostgreSQL writer is already closed") }
        try throwLaneFailure()
        switch item {
        case .passthrough(let text):
            if let open = lanes.first(where: { $0.table != nil })?.table {
                throw VeilError(.internal, "DDL text arrived inside the rows of \(open)")
            }
            try script.feed(text)
        case .beginTable(let data):
            if lanes.contains(where: { $0.table == data.table }) {
                throw VeilError(.internal, "the rows of \(data.table) began twice")
            }
            guard let lane = lanes.first(where: { $0.table == nil }) else {
                throw VeilError(.internal, "the rows of \(data.table) began while every target session was busy")
            }
            if script.hasPending {
                // DDL fed since the last table runs after the rows before it and before any row after it.
                for lane in lanes { lane.drain() }
                try throwLaneFailure()
                try script.run(on: lanes[0].connection)
            }
            lane.begin(data)
        case .rows(let batch):
            guard let lane = lanes.first(where: { $0.table == batch.table }) else {
                throw VeilError(.internal, "rows of \(batch.table) arrived outside its table data")
            }
            lane.load(batch)
        case .endTable(let name):
            guard let lane = lanes.first(where: { $0.table == name }) else {
                throw VeilError(.internal, "the end of \(name) arrived outside its table data")
            }
            lane.end()
        }
    }

    public func complete() throws {
        guard !isClosed else { throw VeilError(.internal, "the PostgreSQL writer is already closed") }
        if let open = lanes.first(where: { $0.table != nil })?.table {
            abort()
            throw VeilError(.internal, "the table data of \(open) was not ended")
        }
        for lane in lanes { lane.drain() }
        if let failure = lanes.lazy.compactMap(\.failure).first {
            abort()
            throw failure
        }
        isClosed = true
        try script.finishInput()
        // The post-data: indexes and keys of different tables built at once (largest tables first), one per session,
        // then the rest, foreign keys validated side by side.
        try script.run(on: lanes.map(\.connection), rows: storedRows)
        try SequenceCatchUp.run(on: lanes[0].connection)
    }

    /// Nothing to do: the database the writer loads is published by the refresh's swap (``DatabaseSwap``).
    public func publish() throws {}

    public func abort() {
        isClosed = true
        for lane in lanes { lane.abort() }
    }

    private func throwLaneFailure() throws {
        if let failure = lanes.lazy.compactMap(\.failure).first { throw failure }
    }
}
