import Foundation
import PostgresDriver
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// `PostgresWriter` loading dumps and live databases into a real server (integration: needs `VEIL_TEST_PG`). The
/// oracle is psql restoring the same dump, or the live source itself.
@Suite("PostgresWriter (integration, live server)", .enabled(if: TestPostgres.isAvailable), .serialized)
struct PostgresWriterTests {
    static let shop = PackagePaths.fixture("shop/prod.sql")
    static let pagila = PackagePaths.fixture("pagila/pagila-pgdump.sql")

    @Test func shopDumpLoadsLikePsqlRestoresIt() throws {
        let written = try TestPostgres.createDatabase(prefix: "veil_pgwriter")
        defer { TestPostgres.dropDatabase(written) }
        let restored = try TestPostgres.createDatabase(prefix: "veil_pgwriter")
        defer { TestPostgres.dropDatabase(restored) }

        let stored = try load(PgDumpReader(path: Self.shop), into: written)
        try restore(Self.shop, into: restored)
        let target = try DatabaseState(database: written)
        let oracle = try DatabaseState(database: restored)

        #expect(target.tables.count == 5)
        #expect(target.tables == oracle.tables)
        for table in oracle.tables {
            #expect(target.counts[table] == oracle.counts[table], "row count of \(table)")
            #expect(target.checksums[table] == oracle.checksums[table], "checksum of \(table)")
        }
        #expect(oracle.counts["public.customers"] == 240)
        #expect(stored[TableName(schema: "public", name: "customers")] == 240)
        #expect(!oracle.indexes.isEmpty && target.indexes == oracle.indexes)
        #expect(!oracle.constraints.isEmpty && target.constraints == oracle.constraints)
        #expect(oracle.sequences.count == 4 && target.sequences == oracle.sequences)
    }

    @Test func pagilaDumpLoadsWithTheSameCountsKeysIndexesAndSequences() throws {
        let written = try TestPostgres.createDatabase(prefix: "veil_pgwriter")
        defer { TestPostgres.dropDatabase(written) }
        let restored = try TestPostgres.createDatabase(prefix: "veil_pgwriter")
        defer { TestPostgres.dropDatabase(restored) }

        try load(PgDumpReader(path: Self.pagila), into: written)
        try restore(Self.pagila, into: restored)
        let target = try DatabaseState(database: written, checksums: false)
        let oracle = try DatabaseState(database: restored, checksums: false)

        #expect(target.tables.count > 15)
        #expect(target.tables == oracle.tables)
        for table in oracle.tables {
            #expect(target.counts[table] == oracle.counts[table], "row count of \(table)")
        }
        #expect(oracle.counts["public.rental"] == 16044)
        #expect(!oracle.indexes.isEmpty && target.indexes == oracle.indexes)
        #expect(!oracle.constraints.isEmpty && target.constraints == oracle.constraints)

        let connection = try PostgresConnection(conninfo: TestPostgres.url(database: written))
        let feeds = try sequenceFeeds(on: connection)
        #expect(feeds.count >= 13)
        for feed in feeds {
            let state = try connection.execute(
                "SELECT (SELECT max(\(feed.column)) FROM \(feed.table)), nextval($1::regclass)",
                parameters: [feed.sequence])
            guard let max = state.value(row: 0, column: 0).flatMap(Int.init) else { continue }
            let next = try #require(state.value(row: 0, column: 1).flatMap(Int.init))
            #expect(next > max, "\(feed.sequence) feeds \(feed.table).\(feed.column) up to \(max)")
        }
    }

    @Test func liveSourceLoadsWithItsOwnSchemaAndCaughtUpSequences() throws {
        let source = try TestPostgres.createDatabase(prefix: "veil_pgwriter")
        defer { TestPostgres.dropDatabase(source) }
        let written = try TestPostgres.createDatabase(prefix: "veil_pgwriter")
        defer { TestPostgres.dropDatabase(written) }
        try restore(Self.shop, into: source)

        let reader = try PostgresReader(conninfo: TestPostgres.url(database: source))
        #expect(!reader.snapshotID.isEmpty)
        let sections = try SchemaSections.dump(
            conninfo: TestPostgres.url(database: source), snapshot: reader.snapshotID)
        #expect(sections.preData.contains("CREATE TABLE public.customers"))
        #expect(sections.postData.contains("FOREIGN KEY"))
        try load(SchemaFramedSource(reader, sections: sections), into: written)

        let target = try DatabaseState(database: written)
        let oracle = try DatabaseState(database: source)
        #expect(target.tables.count == 5 && target.tables == oracle.tables)
        for table in oracle.tables {
            #expect(target.counts[table] == oracle.counts[table], "row count of \(table)")
            #expect(target.checksums[table] == oracle.checksums[table], "checksum of \(table)")
        }
        #expect(target.indexes == oracle.indexes)
        #expect(target.constraints == oracle.constraints)

        // A schema-only dump creates sequences at their start: the writer moves each past its column's maximum.
        let connection = try PostgresConnection(conninfo: TestPostgres.url(database: written))
        let feeds = try sequenceFeeds(on: connection)
        #expect(feeds.count == 4)
        for feed in feeds {
            let state = try connection.execute(
                "SELECT (SELECT max(\(feed.column)) FROM \(feed.table)), nextval($1::regclass)",
                parameters: [feed.sequence])
            let max = try #require(state.value(row: 0, column: 0).flatMap(Int.init), "\(feed.table) has rows")
            #expect(state.value(row: 0, column: 1).flatMap(Int.init) == max + 1, "nextval of \(feed.sequence)")
        }
    }

    @Test func aBadValueFailsNamingTheTableWithoutTheValue() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_pgwriter")
        defer { TestPostgres.dropDatabase(database) }
        let gadgets = TableName(schema: "public", name: "gadgets")
        let table = TableSchema(
            name: gadgets, columns: [Column(name: "id", type: "integer"), Column(name: "label", type: "text")])
        let source = MemoryRowSource(
            schema: DatabaseSchema(tables: [table]),
            items: [
                .passthrough("CREATE TABLE public.gadgets (id integer PRIMARY KEY, label text);\n"),
                .beginTable(TableData(table: gadgets, columns: ["id", "label"])),
                .rows(RowBatch(table: gadgets, rows: [["1", "fine"], ["abc", "Wq3secretlabel"]], firstRowNumber: 1)),
                .endTable(gadgets),
            ])

        let error = #expect(throws: VeilError.self) { try load(source, into: database) }
        #expect(error?.code == .target)
        #expect(error?.message.contains("public.gadgets") == true, "\(error?.message ?? "")")
        #expect(error.map { !"\($0)".contains("abc") } == true, "\(error?.message ?? "")")
        #expect(error.map { !"\($0)".contains("Wq3secretlabel") } == true, "\(error?.message ?? "")")
    }

    @Test func itemsAfterFinishAreRefused() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_pgwriter")
        defer { TestPostgres.dropDatabase(database) }
        let writer = try PostgresWriter(connection: PostgresConnection(conninfo: TestPostgres.url(database: database)))
        try writer.write(.passthrough("CREATE TABLE public.done (id integer);\n"))
        try writer.finish()
        let error = #expect(throws: VeilError.self) { try writer.write(.passthrough("SELECT 1;\n")) }
        #expect(error?.code == .internal)
    }

    // MARK: - Helpers

    /// Streams `source` into a `PostgresWriter` on `database` and finishes; returns the rows stored per table.
    @discardableResult
    private func load(_ source: RowSource, into database: String) throws -> [TableName: Int] {
        let writer = try PostgresWriter(connection: PostgresConnection(conninfo: TestPostgres.url(database: database)))
        try copyAll(source, into: writer)
        return writer.storedRows
    }

    private func restore(_ dump: String, into database: String) throws {
        let outcome = try TestPostgres.restore(dump, into: database)
        try #require(outcome.status == 0, "psql restore failed: \(outcome.standardError.prefix(2000))")
    }

    /// Every sequence that a column's `DEFAULT nextval(...)` or identity draws from, with that column.
    private func sequenceFeeds(on connection: PostgresConnection) throws
        -> [(sequence: String, table: String, column: String)]
    {
        let result = try connection.execute(
            """
            SELECT coalesce(
                       pg_get_serial_sequence(format('%I.%I', table_schema, table_name), column_name),
                       substring(column_default FROM $$nextval\\('([^']+)'$$)),
                   format('%I.%I', table_schema, table_name), quote_ident(column_name)
            FROM information_schema.columns
            WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
              AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')
            ORDER BY 2, 3
            """)
        return (0..<result.rowCount).compactMap { row in
            guard let sequence = result.value(row: row, column: 0), let table = result.value(row: row, column: 1),
                let column = result.value(row: row, column: 2)
            else { return nil }
            return (sequence, table, column)
        }
    }
}

/// What two databases must agree on: tables, their rows, indexes, constraints and sequence positions.
private struct DatabaseState {
    /// `schema.table`, quoted where needed, sorted.
    var tables: [String] = []
    var counts: [String: Int] = [:]
    /// md5 of the table's rows as text, sorted; nil for an empty table.
    var checksums: [String: String?] = [:]
    var indexes: Set<String> = []
    /// `table constraint_name definition`.
    var constraints: Set<String> = []
    /// `sequence` → `last_value` (nil before the first nextval).
    var sequences: [String: String?] = [:]

    init(database: String, checksums withChecksums: Bool = true) throws {
        let connection = try PostgresConnection(conninfo: TestPostgres.url(database: database))
        let tableRows = try connection.execute(
            """
            SELECT format('%I.%I', schemaname, tablename) FROM pg_catalog.pg_tables
            WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1
            """)
        tables = (0..<tableRows.rowCount).compactMap { tableRows.value(row: $0, column: 0) }
        for table in tables {
            let summary = try connection.execute(
                withChecksums
                    ? "SELECT count(*), md5(string_agg(t::text, E'\\n' ORDER BY t::text)) FROM \(table) t"
                    : "SELECT count(*), NULL FROM \(table) t")
            counts[table] = summary.value(row: 0, column: 0).flatMap(Int.init)
            if withChecksums { checksums[table] = .some(summary.value(row: 0, column: 1)) }
        }
        let indexRows = try connection.execute(
            "SELECT indexdef FROM pg_catalog.pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
        indexes = Set((0..<indexRows.rowCount).compactMap { indexRows.value(row: $0, column: 0) })
        let constraintRows = try connection.execute(
            """
            SELECT c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_catalog.pg_get_constraintdef(c.oid)
            FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            """)
        constraints = Set((0..<constraintRows.rowCount).compactMap { constraintRows.value(row: $0, column: 0) })
        let sequenceRows = try connection.execute(
            "SELECT format('%I.%I', schemaname, sequencename), last_value::text FROM pg_catalog.pg_sequences")
        for row in 0..<sequenceRows.rowCount {
            guard let name = sequenceRows.value(row: row, column: 0) else { continue }
            sequences[name] = .some(sequenceRows.value(row: row, column: 1))
        }
    }
}
