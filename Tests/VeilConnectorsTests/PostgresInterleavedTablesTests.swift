import Foundation
import PostgresDriver
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// Several tables at once (`--jobs N` into a PostgreSQL target): the reader interleaves tables read on N sessions,
/// and the writer loads them on N sessions (integration: needs `VEIL_TEST_PG`).
@Suite("PostgreSQL tables read and loaded at once (integration, live server)", .enabled(if: TestPostgres.isAvailable))
struct PostgresInterleavedTablesTests {
    /// pagila read interleaved on 3 sessions gives the rows the sequential read gives, each table's items in
    /// order, never more than 3 tables open at once, the table with the most work among the first read.
    @Test func interleavedReadKeepsEachTablesOrder() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_interleave")
        defer { TestPostgres.dropDatabase(database) }
        let restore = try TestPostgres.restore(Fixture.pagilaCopy, into: database)
        try #require(restore.status == 0, "restore failed: \(restore.standardError.prefix(2000))")
        let url = TestPostgres.url(database: database)

        let sequentialReader = try PostgresReader(conninfo: url, connections: 1, batchSize: 500)
        let sequential = try readAll(sequentialReader)
        let reader = try PostgresReader(conninfo: url, connections: 3, batchSize: 500)
        // language is among the smallest tables; `cost` gives it the most work, so one of the 3 sessions reads it
        // first (which of the first 3 tables begins first depends on which session's rows come first).
        try #require(reader.interleaveTables(atMost: 3, cost: [publicTable("language"): 1_000_000]))
        let interleaved = try readAll(reader)

        var open: [TableName] = []
        var mostOpen = 0
        var switches = 0
        var last: TableName?
        for item in interleaved {
            switch item {
            case .beginTable(let data):
                #expect(!open.contains(data.table), "\(data.table) began twice")
                open.append(data.table)
                mostOpen = max(mostOpen, open.count)
            case .rows(let batch):
                #expect(open.contains(batch.table), "rows of \(batch.table) outside its data")
                if let last, last != batch.table { switches += 1 }
                last = batch.table
            case .endTable(let name):
                #expect(open.contains(name), "\(name) ended without beginning")
                open.removeAll { $0 == name }
            case .passthrough:
                Issue.record("a live source passes no text through")
            }
        }
        #expect(open.isEmpty)
        #expect(mostOpen <= 3)
        #expect(mostOpen >= 2, "the tables were not read at once")
        let order = interleaved.compactMap { if case .beginTable(let data) = $0 { data.table } else { nil } }
        #expect(order.prefix(3).contains(publicTable("language")))
        #expect(Set(order) == Set(StreamSummary(sequential).tables))
        #expect(order.count == StreamSummary(sequential).tables.count)
        for table in order {
            // Each table's rows in the order the sequential read gives them (its primary key's).
            #expect(
                StreamSummary.rows(of: table, in: interleaved) == StreamSummary.rows(of: table, in: sequential),
                "rows of \(table)")
        }
        #expect(reader.serverRowCounts() == sequentialReader.serverRowCounts())
        #expect((reader.serverRowCounts() ?? [:]).values.reduce(0, +) > 40_000)
    }

    /// One session cannot interleave; a reader already streaming cannot start.
    @Test func interleavingNeedsSeveralSessionsBeforeTheFirstItem() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_interleave")
        defer { TestPostgres.dropDatabase(database) }
        try TestPostgres.psql(database: database, "CREATE TABLE a (id int); CREATE TABLE b (id int)")
        let url = TestPostgres.url(database: database)
        #expect(!(try PostgresReader(conninfo: url, connections: 1).interleaveTables(atMost: 2, cost: [:])))
        #expect(!(try PostgresReader(conninfo: url, connections: 3).interleaveTables(atMost: 1, cost: [:])))
        let started = try PostgresReader(conninfo: url, connections: 2)
        _ = try started.next()
        _ = try started.next()
        #expect(!started.interleaveTables(atMost: 2, cost: [:]))
    }

    /// pagila's dump loaded by a writer on 3 sessions, tables interleaved from a live copy: the same rows per table
    /// (digests), indexes and constraints (built on 3 sessions, foreign keys last) as a restore, all valid.
    @Test func writerOnSeveralSessionsLoadsInterleavedTables() throws {
        let source = try TestPostgres.createDatabase(prefix: "veil_interleave_src")
        let target = try TestPostgres.createDatabase(prefix: "veil_interleave_dst")
        defer {
            TestPostgres.dropDatabase(source)
            TestPostgres.dropDatabase(target)
        }
        try #require(try TestPostgres.restore(Fixture.pagilaCopy, into: source).status == 0)
        let sections = try SchemaSections.dump(conninfo: TestPostgres.url(database: source), snapshot: nil)
        let reader = try PostgresReader(conninfo: TestPostgres.url(database: source), connections: 3, batchSize: 300)
        let framed = SchemaFramedSource(reader, sections: sections)
        let writer = try PostgresWriter(
            connections: (0..<3).map { _ in try PostgresConnection(conninfo: TestPostgres.url(database: target)) })
        #expect(writer.tablesAtOnce == 3)
        try #require(framed.interleaveTables(atMost: writer.tablesAtOnce, cost: [:]))
        try copyAll(framed, into: writer)

        #expect(writer.storedRows == reader.serverRowCounts())
        let digest = """
            SELECT string_agg(c.relname || ':' || (xpath('/row/d/text()', query_to_xml(
                format('SELECT md5(coalesce(string_agg(t::text, E''\\n'' ORDER BY t::text), '''')) AS d FROM ONLY %I.%I t',
                n.nspname, c.relname), false, true, '')))[1]::text, ',' ORDER BY c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r'
            """
        let catalog = """
            SELECT (SELECT string_agg(indexdef, ';' ORDER BY indexdef) FROM pg_indexes WHERE schemaname = 'public'),
                   (SELECT string_agg(conname || pg_get_constraintdef(oid), ';' ORDER BY conname, 2)
                    FROM pg_constraint WHERE connamespace = 'public'::regnamespace),
                   (SELECT count(*) FROM pg_constraint WHERE NOT convalidated),
                   (SELECT count(*) FROM pg_index WHERE NOT indisvalid)
            """
        #expect(try TestPostgres.psql(database: target, digest) == TestPostgres.psql(database: source, digest))
        let loaded = try TestPostgres.psql(database: target, catalog)
        #expect(loaded == (try TestPostgres.psql(database: source, catalog)))
        #expect(loaded.hasSuffix("|0|0"), "\(loaded.suffix(20))")
    }

    /// Index and key builds on the other sessions first replay every setting the DDL made, from its header on: here
    /// unqualified names that resolve only through the dump's `SET search_path` (set once, before the tables).
    @Test func buildsOnOtherSessionsReplayTheDDLsSettings() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_interleave_set")
        defer { TestPostgres.dropDatabase(database) }
        let writer = try PostgresWriter(
            connections: (0..<3).map { _ in try PostgresConnection(conninfo: TestPostgres.url(database: database)) })
        let tables = ["a", "b", "c", "d"]
        try writer.write(
            .passthrough(
                "CREATE SCHEMA s1;\nSET search_path = s1;\n"
                    + tables.map { "CREATE TABLE \($0) (id integer, v text);\n" }.joined()))
        for name in tables {
            let table = TableName(schema: "s1", name: name)
            try writer.write(.beginTable(TableData(table: table, columns: ["id", "v"])))
            let rows: [Row] = (1...500).map { ["\($0)", "v\($0)"] }
            try writer.write(.rows(RowBatch(table: table, rows: rows, firstRowNumber: 1)))
            try writer.write(.endTable(table))
        }
        try writer.write(
            .passthrough(
                tables.map { "ALTER TABLE ONLY \($0) ADD CONSTRAINT \($0)_pkey PRIMARY KEY (id);\n" }.joined()
                    + tables.map { "CREATE UNIQUE INDEX \($0)_v ON \($0) (v);\n" }.joined()
                    + "ALTER TABLE ONLY b ADD CONSTRAINT b_a FOREIGN KEY (id) REFERENCES a(id);\n"))
        try writer.finish()
        #expect(writer.storedRows.values.reduce(0, +) == 2_000)
        #expect(
            try TestPostgres.psql(
                database: database,
                "SELECT count(*) FROM pg_indexes WHERE schemaname = 's1' AND (indexname LIKE '%_pkey' OR indexname LIKE '%_v')"
            )
                == "8")
        #expect(
            try TestPostgres.psql(
                database: database, "SELECT count(*) FROM pg_constraint WHERE conname = 'b_a' AND convalidated") == "1")
    }
}
