import PostgresDriver
import VeilCore

/// Reads every table of a live PostgreSQL database as a stream of COPY-style row batches.
///
/// Every session sets `row_security = off` (see ``RowSecurity``): a row-level security policy that would hide rows
/// from the role fails the read, naming the table, instead of copying fewer rows than the table holds.
///
/// One connection begins a `REPEATABLE READ READ ONLY` transaction and exports its snapshot
/// (``snapshotID``) before the schema is read; `connections - 1` more connections import that snapshot, so every
/// table is read from the same moment however many connections read (as `pg_dump -j` does). The schema comes
/// from `pg_catalog` (see ``PostgresSchemaReader``). Each ordinary table's non-generated columns are read with
/// `COPY (SELECT ... FROM ONLY t ORDER BY <primary key>) TO STDOUT` (see ``PostgresTableReader``; without
/// `ORDER BY` after ``readRowsInAnyOrder()``), several tables
/// at once ahead of the consumer (see ``TablePrefetcher``), and handed out in schema order; partitioned parents
/// hold no rows of their own and stream nothing (their partitions stream as tables). Values keep PostgreSQL's
/// text form. No passthrough items. For `veil snapshot` (``SubsetQueryableSource``), queries run on the exporting
/// session in the snapshot, and each table is read through its ``RowFilter`` (`WHERE` and column expressions).
///
/// Errors are `.source` ``VeilError``s that name the table and row reached, never a value or a password. Like every
/// `RowSource`, a reader is used from one thread at a time.
public final class PostgresReader: SubsetQueryableSource, ColumnPassSource {
    private let databaseSchema: DatabaseSchema
    /// The tables whose rows are read, in schema order.
    private let dataTables: [TableSchema]
    /// Their on-disk sizes (`pg_table_size`), to read the biggest first when tables interleave.
    private let tableBytes: [TableName: Int]
    /// Set by ``interleaveTables(atMost:cost:)``: how many tables may be open at once.
    private var interleaving: Int?
    /// Interleaved: the tables in the order the prefetcher reads them (the most work first).
    private var readingOrder: [TableSchema] = []
    /// Interleaved: tables (indices into `readingOrder`) begun and not ended, and how many have ended.
    private var openTables: Set<Int> = []
    private var endedTables = 0
    /// Interleaved: a chunk held back while its table's `beginTable` goes out first.
    private var heldChunk: (table: Int, chunk: TablePrefetcher.Chunk)?
    /// The sessions that read tables, in the snapshot, until the first `next()` starts the prefetcher.
    private var readers: [PostgresConnection]
    private let batchSize: Int
    private var prefetcher: TablePrefetcher?
    /// The connection that exported the snapshot; its transaction ends when the stream does.
    private let exporter: PostgresConnection
    private var tableIndex = 0
    private var inTable = false
    private var finished = false
    /// The server's own count of the rows it sent, per table whose rows have ended (``serverRowCounts()``).
    private var sentRows: [TableName: Int] = [:]
    /// False after ``readRowsInAnyOrder()``: tables are read without `ORDER BY`.
    private var keyOrder = true
    /// Per-table row filters (`veil snapshot`), set before the first `next()`.
    private var rowFilters: [TableName: RowFilter] = [:]
    /// Partitioned tables and every table's OID, for subset queries on partitioned and inheritance parents.
    public let tableNesting: TableNesting
    /// The id of the snapshot the rows are read from (`pg_export_snapshot()`), for other sessions that must see
    /// the same moment (`pg_dump --snapshot`, row counts). Importable until the reader has read its last table.
    public let snapshotID: String

    /// Connects, begins the snapshot transaction, reads the schema and starts reading tables.
    /// - Parameters:
    ///   - conninfo: a `postgresql://` URL or `key=value` conninfo string (every libpq setting passes through).
    ///   - connections: how many sessions read tables at once (at least one; at most one per table).
    ///   - batchSize: rows per ``RowBatch``.
    /// - Throws: ``VeilError`` with code `.source` when the server cannot be reached, refuses the login or the
    ///   catalog cannot be read. The message never contains the password.
    public init(conninfo: String, connections: Int = 1, batchSize: Int = 4096) throws {
        do {
            exporter = try PostgresConnection(conninfo: conninfo)
        } catch let error as PostgresError {
            throw VeilError(.source, "cannot connect to the source: \(error.message)")
        }
        do {
            try Self.prepareReading(on: exporter)
            try exporter.begin(isolation: .repeatableRead, readOnly: true)
            snapshotID = try exporter.exportSnapshot()
            let catalog = PostgresSchemaReader(connection: exporter)
            let tables = try catalog.read()
            var schema = DatabaseSchema(tables: tables.map(\.schema))
            schema.types = try catalog.userTypes()
            databaseSchema = schema
            dataTables = tables.filter { !$0.isPartitioned }.map(\.schema)
            tableBytes = Dictionary(tables.map { ($0.schema.name, $0.bytes) }, uniquingKeysWith: max)
            tableNesting = TableNesting(
                partitioned: Set(tables.filter(\.isPartitioned).map(\.schema.name)),
                tablesByOID: Dictionary(
                    tables.map { ($0.oid, $0.schema.name) }, uniquingKeysWith: { first, _ in first }))
        } catch let error as PostgresError {
            throw VeilError(.source, "cannot read the source's schema: \(error.message)")
        }
        self.batchSize = max(1, batchSize)
        var readers: [PostgresConnection] = []
        do {
            for _ in 0..<max(1, min(connections, dataTables.count)) {
                let reader = try PostgresConnection(conninfo: conninfo)
                try Self.prepareReading(on: reader)
                try reader.importSnapshot(snapshotID)
                readers.append(reader)
            }
        } catch let error as PostgresError {
            throw VeilError(.source, "cannot open another session on the source's snapshot: \(error.message)")
        }
        self.readers = readers
    }

    /// Row security off (``RowSecurity``), and `synchronize_seqscans` off: a table without a primary key is read in
    /// its physical order, from its first block even while another scan of it runs, so reading the same unchanged
    /// table twice gives its rows in the same order (a run's leak confirmation finds a candidate's row again by its
    /// number when it reads the copy back).
    private static func prepareReading(on connection: PostgresConnection) throws {
        try RowSecurity.turnOff(on: connection)
        _ = try connection.execute("SET synchronize_seqscans = off")
    }

    deinit {
        for connection in (prefetcher?.finish() ?? readers) where connection.transactionStatus == .inTransaction {
            try? connection.rollback()
        }
        if exporter.transactionStatus == .inTransaction { try? exporter.rollback() }
    }

    public func schema() throws -> DatabaseSchema { databaseSchema }

    /// Subsetting: rows come through the filters of ``setRowFilter(_:for:)``; queries run on the snapshot's
    /// exporting session, so they see exactly the rows the tables are later read from.
    public var subsetDialect: SubsetDialect { .postgres }

    public func subsetQuery(_ sql: String) throws -> [[String?]] {
        do {
            let result = try exporter.execute(sql)
            return (0..<result.rowCount).map { result.row($0) }
        } catch let error as PostgresError {
            if let refusal = RowSecurity.refusal(error, reading: nil, code: .source, place: "the source") {
                throw refusal
            }
            throw VeilError(.source, "cannot select the snapshot's rows: \(error.message)")
        }
    }

    public func setRowFilter(_ filter: RowFilter, for table: TableName) {
        rowFilters[table] = filter
    }

    /// Reads `columns` of the tables named there on the snapshot's exporting session (so from the same moment as
    /// the stream), one table after another, only those columns and in no particular row order. A subset's
    /// conditions apply, its limits not (a superset of the values the stream reads). Only before the first `next()`.
    public func readColumns(
        _ columns: [TableName: Set<String>], _ body: (TableName, String, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard prefetcher == nil else { throw VeilError(.internal, "a column pass must come before the stream") }
        for table in dataTables {
            guard let wanted = columns[table.name],
                table.columns.contains(where: { wanted.contains($0.name) && !$0.isGenerated })
            else { continue }
            let reader = try PostgresTableReader(
                table, on: exporter, batchSize: batchSize,
                filter: RowFilter(condition: rowFilters[table.name]?.condition), columnPass: wanted)
            do {
                while !reader.isExhausted {
                    let batch = try reader.nextBatch()
                    try batch.forEachValue(columns: reader.columns, wanted: wanted, body)
                }
            } catch {
                if !reader.isExhausted { reader.cancel() }
                throw error
            }
        }
    }

    /// Always `nil`: exact counts would scan every table, and estimates are not counts.
    public func expectedRowCounts() throws -> [TableName: Int]? { nil }

    /// The rows the server sent of each table streamed so far, as each COPY's command tag counted them.
    public func serverRowCounts() -> [TableName: Int]? { sentRows }

    /// Interleaves when more than one session reads and no more sessions read than `tables` (so no more tables are
    /// ever open at once); the tables with the most work (`pg_table_size` times `cost`) are read first.
    public func interleaveTables(atMost tables: Int, cost: [TableName: Int]) -> Bool {
        guard prefetcher == nil, readers.count > 1, readers.count <= tables else { return false }
        interleaving = readers.count
        let bytes = tableBytes
        let work = { (table: TableSchema) in (bytes[table.name] ?? 0) * max(1, cost[table.name] ?? 1) }
        readingOrder = dataTables.enumerated()
            .sorted { (work($0.element), $1.offset) > (work($1.element), $0.offset) }
            .map(\.element)
        return true
    }

    /// Reads tables without `ORDER BY` (a sequential scan: the server neither walks the key's index nor sorts), unless
    /// a subset's `limit` picks a table's first rows. Row numbers in errors then count rows in the scan's order.
    public func readRowsInAnyOrder() -> Bool {
        guard prefetcher == nil else { return false }
        keyOrder = false
        return true
    }

    public func next() throws -> SourceItem? {
        if finished { return nil }
        if let interleaving { return try nextInterleaved(atMost: interleaving) }
        guard tableIndex < dataTables.count else { return endStream() }
        let table = dataTables[tableIndex]
        guard inTable else {
            inTable = true
            return beginItem(table)
        }
        if prefetcher == nil {
            prefetcher = TablePrefetcher(
                tables: dataTables, connections: readers, batchSize: batchSize, filters: rowFilters,
                keyOrder: keyOrder)
            readers = []
        }
        switch prefetcher!.next(ofTable: tableIndex) {
        case .rows(let batch):
            return .rows(batch)
        case .end(let sent):
            inTable = false
            tableIndex += 1
            return endItem(table, sent: sent)
        case .failure(let error):
            finished = true
            throw error
        }
    }

    /// The next item of whichever open table has one ready (a new table's `beginTable` while fewer than
    /// `atMost` are open).
    private func nextInterleaved(atMost: Int) throws -> SourceItem? {
        guard endedTables < readingOrder.count else { return endStream() }
        if prefetcher == nil {
            prefetcher = TablePrefetcher(
                tables: readingOrder, connections: readers, batchSize: batchSize, filters: rowFilters,
                keyOrder: keyOrder)
            readers = []
        }
        let (index, chunk) =
            heldChunk ?? prefetcher!.nextOfAnyTable(open: openTables, mayOpen: openTables.count < atMost)
        heldChunk = nil
        let table = readingOrder[index]
        if case .failure(let error) = chunk {
            finished = true
            throw error
        }
        guard openTables.contains(index) else {
            openTables.insert(index)
            heldChunk = (index, chunk)
            return beginItem(table)
        }
        switch chunk {
        case .rows(let batch):
            return .rows(batch)
        case .end(let sent):
            openTables.remove(index)
            endedTables += 1
            return endItem(table, sent: sent)
        case .failure(let error):
            finished = true
            throw error
        }
    }

    /// A table's first item: its stored columns (generated ones are computed by the target), as COPY sends them.
    private func beginItem(_ table: TableSchema) -> SourceItem {
        let columns = table.columns.filter { !$0.isGenerated }.map(\.name)
        return .beginTable(TableData(table: table.name, columns: columns, style: .copy))
    }

    /// A table's last item, after its COPY reported `sent` rows (kept for ``serverRowCounts()``).
    private func endItem(_ table: TableSchema, sent: Int) -> SourceItem {
        sentRows[table.name] = sent
        return .endTable(table.name)
    }

    /// Ends every session's snapshot transaction once the last table is read.
    private func endStream() -> SourceItem? {
        finished = true
        for connection in (prefetcher?.finish() ?? readers) where connection.transactionStatus == .inTransaction {
            try? connection.commit()
        }
        prefetcher = nil
        readers = []
        if exporter.transactionStatus == .inTransaction { try? exporter.commit() }
        return nil
    }
}
