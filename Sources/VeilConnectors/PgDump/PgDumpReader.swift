import VeilCore

/// How a ``PgDumpReader`` reads a dump.
public struct PgDumpReaderOptions: Sendable {
    /// Rows per ``RowBatch``. An INSERT statement is never split, so a batch may exceed this by the rows of
    /// its last statement.
    public var batchSize = 4096
    /// Keep large objects (`lo_create`, their data, owners, comments and grants). Dropped by default.
    public var keepLargeObjects = false
    /// Keep `COMMENT ON` statements (and their `-- Name: ...; Type: COMMENT` headers).
    public var keepComments = true
    /// A column pass (``PgDumpReader/readColumns(_:_:)``): only these tables' rows, only these columns decoded
    /// (the others `nil`); nothing passed through.
    var projection: [TableName: Set<String>]? = nil

    public init(batchSize: Int = 4096, keepLargeObjects: Bool = false, keepComments: Bool = true) {
        self.batchSize = max(1, batchSize)
        self.keepLargeObjects = keepLargeObjects
        self.keepComments = keepComments
    }
}

/// Reads a pg_dump plain-format (`.sql`) dump as a ``RowSource``; custom (`-Fc`) and directory (`-Fd`) archives
/// are read as the plain text `pg_restore --file=-` turns them into.
///
/// The first call to ``schema()`` or ``next()`` makes a fast pass over the whole file (pg_dump writes keys
/// after the data): it collects the schema and checks that the dump is complete, so a truncated or malformed
/// file fails with a `.source` error before any item is streamed. The second pass streams:
/// - everything that is not row data as `.passthrough`, byte for byte (comments, `SET`, DDL, functions,
///   psql meta-commands such as `\restrict KEY`, blank lines);
/// - each `COPY t (cols) FROM stdin;` block as `.beginTable` (style `.copy`), `.rows` batches and `.endTable`;
///   the `COPY` line and the `\.` line are not passed through, ``PgDumpWriter`` writes them again;
/// - consecutive `INSERT` statements into one table with the same column list as one `.insert` run whose
///   batches carry `statementSizes`. Row values are the literal's value (string literals unescaped; numbers
///   and booleans as written). `DEFAULT` values (generated columns) are left out of the rows and columns.
///
/// Large objects are dropped unless ``PgDumpReaderOptions/keepLargeObjects``; comments are dropped when
/// ``PgDumpReaderOptions/keepComments`` is false. The dump must be UTF-8. Memory stays bounded by the batch
/// size and the largest single statement, whatever the table sizes.
public final class PgDumpReader: ColumnPassSource {
    /// Bytes read from the file at a time.
    static let defaultChunkSize = 1 << 20

    public let path: String
    public let options: PgDumpReaderOptions
    private let input: any DumpInput
    private let chunkSize: Int
    private var prescan: DumpPrescan.Result?
    private var stream: DumpStream?
    private var streamEnded = false

    /// Opens the dump: a plain-format file, or a custom / directory format archive (see ``isArchive(path:)``),
    /// which is read through `pg_restore --file=-` once per pass.
    /// - Throws: ``VeilError`` with code `.source` if the file cannot be opened, or it is an archive and no
    ///   `pg_restore` can be found.
    public convenience init(path: String, options: PgDumpReaderOptions = .init()) throws {
        try self.init(path: path, options: options, chunkSize: Self.defaultChunkSize)
    }

    /// Opens the dump, reading `chunkSize` bytes at a time (tests use tiny chunks to cross every boundary).
    init(path: String, options: PgDumpReaderOptions, chunkSize: Int) throws {
        self.path = path
        self.options = options
        self.chunkSize = chunkSize
        if let format = Self.archiveFormat(path: path) {
            input = try PgRestoreInput(archive: path, format: format)
        } else {
            input = try FileDumpInput(path: path)
        }
    }

    /// Every table the dump creates or has data for, with columns, keys and partition parents.
    public func schema() throws -> DatabaseSchema {
        try prescanned().schema
    }

    /// Rows per table as the pre-scan counted them, in the order tables first have data.
    public func rowCounts() throws -> [(table: TableName, rows: Int)] {
        try prescanned().rowCounts
    }

    /// Rows per table, counted by the first pass.
    public func expectedRowCounts() throws -> [TableName: Int]? {
        Dictionary(try rowCounts().map { ($0.table, $0.rows) }, uniquingKeysWith: +)
    }

    public func next() throws -> SourceItem? {
        if streamEnded { return nil }
        if stream == nil {
            let result = try prescanned()
            let fd = try input.beginPass()
            stream = DumpStream(fd: fd, schema: result.schema, options: options, chunkSize: chunkSize)
        }
        let item: SourceItem?
        do {
            item = try stream!.next()
        } catch {
            throw input.failedPass(error)
        }
        if item == nil {
            streamEnded = true
            try input.endPass()
        }
        return item
    }

    /// Reads only `columns` of the tables named there, in a pass of its own before the stream begins: other
    /// tables' rows are skipped, and each wanted COPY value goes to `body` as bytes (the leak check fills its
    /// filter this way); rows of INSERT statements are decoded as the stream decodes them.
    public func readColumns(
        _ columns: [TableName: Set<String>], _ body: (TableName, String, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let result = try prescanned()
        guard stream == nil else { throw VeilError(.internal, "a column pass must come before the dump's stream") }
        var passOptions = options
        passOptions.projection = columns
        let fd = try input.beginPass()
        do {
            try withoutActuallyEscaping(body) { visit in
                let pass = DumpStream(
                    fd: fd, schema: result.schema, options: passOptions, chunkSize: chunkSize, visitor: visit)
                var names: [String] = []
                while let item = try pass.next() {
                    switch item {
                    case .beginTable(let data): names = data.columns
                    case .rows(let batch):
                        try batch.forEachValue(columns: names, wanted: columns[batch.table] ?? [], visit)
                    case .endTable, .passthrough: break
                    }
                }
            }
        } catch {
            throw input.failedPass(error)
        }
        try input.endPass()
    }

    private func prescanned() throws -> DumpPrescan.Result {
        if let prescan { return prescan }
        guard stream == nil else { throw VeilError(.internal, "the dump's schema was not read before streaming") }
        let fd = try input.beginPass()
        let result: DumpPrescan.Result
        do {
            result = try DumpPrescan.run(fd: fd, chunkSize: chunkSize)
        } catch {
            throw input.failedPass(error)
        }
        try input.endPass()
        prescan = result
        return result
    }
}
