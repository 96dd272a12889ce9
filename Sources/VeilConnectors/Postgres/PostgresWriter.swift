import PostgresDriver
import VeilCore

/// Loads a stream into a live PostgreSQL database as a ``RowSink``: the DDL that arrives as `.passthrough` (a
/// pg_dump's own text, or the pre-data and post-data sections of `pg_dump --schema-only`) is run statement by
/// statement before the next table's rows (see ``SQLScriptRunner``), each table's rows go in with
/// `COPY schema.table (columns) FROM STDIN` — generated columns are never among them —, and at ``complete()`` the
/// remaining DDL (indexes, constraints, triggers) runs and every sequence is moved past its column's maximum
/// (``SequenceCatchUp``).
///
/// The writer fills the database it is given and never swaps anything: publishing the database atomically (and
/// dropping it after a failure) is the caller's job — see `veil refresh`. Each COPY commits on its own
/// (`synchronous_commit` off for speed), since the whole database is discarded on failure.
///
/// Errors are `.target` ``VeilError``s naming the table (and for a bad value the server's message with the value
/// scrubbed), never a value.
public final class PostgresWriter: RowSink {
    private let connection: PostgresConnection
    private let script = SQLScriptRunner()
    private var table: (name: TableName, copy: PostgresCopyIn, rows: Int)?
    private var buffer: [UInt8] = []
    private var isClosed = false
    /// Rows stored per table, as the server counted them at the end of each COPY.
    public private(set) var storedRows: [TableName: Int] = [:]

    /// Loads into the database `connection` is open on (which should be empty).
    public init(connection: PostgresConnection) throws {
        self.connection = connection
        do {
            try connection.execute("SET synchronous_commit = off")
        } catch let error as PostgresError {
            throw VeilError(.target, "cannot prepare the target session: \(error.message)")
        }
    }

    deinit {
        if !isClosed { abort() }
    }

    public func write(_ item: SourceItem) throws {
        guard !isClosed else { throw VeilError(.internal, "the PostgreSQL writer is already closed") }
        switch item {
        case .passthrough(let text):
            if let table { throw VeilError(.internal, "DDL text arrived inside the rows of \(table.name)") }
            try script.feed(text)
        case .beginTable(let data):
            if let table { throw VeilError(.internal, "the rows of \(data.table) began before \(table.name) ended") }
            try script.run(on: connection)
            try begin(data)
        case .rows(let batch):
            guard let open = table, open.name == batch.table else {
                throw VeilError(.internal, "rows of \(batch.table) arrived outside its table data")
            }
            try write(batch, into: open.copy)
            table?.rows += batch.count
        case .endTable(let name):
            guard let open = table, open.name == name else {
                throw VeilError(.internal, "the end of \(name) arrived outside its table data")
            }
            table = nil
            do {
                storedRows[name, default: 0] += try open.copy.finish()
            } catch let error as PostgresError {
                throw VeilError(
                    .target, "the target refused the rows of \(name): \(error.message)",
                    location: .init(table: name))
            }
        }
    }

    public func complete() throws {
        guard !isClosed else { throw VeilError(.internal, "the PostgreSQL writer is already closed") }
        if let table {
            abort()
            throw VeilError(.internal, "the table data of \(table.name) was not ended")
        }
        isClosed = true
        try script.finishInput()
        try script.run(on: connection)
        try SequenceCatchUp.run(on: connection)
    }

    /// Nothing to do: the database the writer loads is published by the refresh's swap (``DatabaseSwap``).
    public func publish() throws {}

    public func abort() {
        isClosed = true
        table?.copy.abort()
        table = nil
    }

    private func begin(_ data: TableData) throws {
        do {
            let name =
                try connection.quoteIdentifier(data.table.schema) + "." + connection.quoteIdentifier(data.table.name)
            let columns = try data.columns.map { try connection.quoteIdentifier($0) }.joined(separator: ", ")
            let copy = try connection.copyIn("COPY \(name) (\(columns)) FROM STDIN")
            table = (data.table, copy, 0)
        } catch let error as PostgresError {
            throw VeilError(
                .target, "cannot start loading \(data.table): \(error.message)", location: .init(table: data.table))
        }
    }

    private func write(_ batch: RowBatch, into copy: PostgresCopyIn) throws {
        buffer.removeAll(keepingCapacity: true)
        CopyText.appendLines(of: batch, to: &buffer)
        do {
            try buffer.withUnsafeBytes { try copy.write($0) }
        } catch let error as PostgresError {
            throw VeilError(
                .target, "the target failed while loading \(batch.table): \(error.message)",
                location: .init(table: batch.table, row: batch.firstRowNumber))
        }
    }
}
