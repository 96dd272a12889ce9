import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// A live PostgreSQL database as a row source (integration: needs `VEIL_TEST_PG`).
@Suite("PostgresReader (integration, live server)", .enabled(if: TestPostgres.isAvailable), .serialized)
struct PostgresReaderTests {
    /// pagila restored from the plain dump reads back as the dump itself does: tables, columns, keys and rows, in
    /// schema order, whether one session reads or three read tables at once.
    @Test(arguments: [1, 3])
    func pagilaMatchesTheDumpItWasRestoredFrom(connections: Int) throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_pgsource")
        defer { TestPostgres.dropDatabase(database) }
        let restore = try TestPostgres.restore(Fixture.pagilaCopy, into: database)
        try #require(restore.status == 0, "restore failed: \(restore.standardError.prefix(2000))")

        let live = try PostgresReader(
            conninfo: TestPostgres.url(database: database), connections: connections, batchSize: 1000)
        let dump = try PgDumpReader(path: Fixture.pagilaCopy)
        let liveSchema = try live.schema()
        let dumpSchema = try dump.schema()
        #expect(try live.expectedRowCounts() == nil)
        let liveItems = try readAll(live)
        let dumpItems = try readAll(dump)
        let liveData = Dictionary(uniqueKeysWithValues: StreamSummary(liveItems).data.map { ($0.table, $0) })
        let dumpData = Dictionary(uniqueKeysWithValues: StreamSummary(dumpItems).data.map { ($0.table, $0) })

        // Same tables with data, same columns; partitioned parents stream nothing.
        #expect(Set(liveData.keys) == Set(dumpData.keys))
        #expect(liveData.count > 15)
        #expect(liveData[publicTable("payment")] == nil)
        #expect(liveSchema[publicTable("payment")] != nil)
        let partition = try #require(liveSchema[publicTable("payment_p2022_01")])
        #expect(partition.parent == publicTable("payment"))
        #expect(liveItems.allSatisfy { if case .passthrough = $0 { false } else { true } })
        let names = liveSchema.tables.map(\.name)
        #expect(names == names.sorted())
        let streamed = liveItems.compactMap { if case .beginTable(let data) = $0 { data.table } else { nil } }
        #expect(streamed == names.filter { liveData[$0] != nil })

        for (table, data) in dumpData {
            #expect(liveData[table]?.columns == data.columns, "columns of \(table)")
            #expect(liveData[table]?.style == .copy)
            let liveTable = try #require(liveSchema[table])
            let dumpTable = try #require(dumpSchema[table])
            #expect(liveTable.columns.map(\.name) == dumpTable.columns.map(\.name), "schema columns of \(table)")
            #expect(liveTable.primaryKey == dumpTable.primaryKey, "primary key of \(table)")
            #expect(liveTable.parent == dumpTable.parent, "parent of \(table)")
            #expect(
                Set(liveTable.foreignKeys.map(keyShape)) == Set(dumpTable.foreignKeys.map(keyShape)), "FKs of \(table)")
            let liveRows = StreamSummary.rows(of: table, in: liveItems)
            let dumpRows = StreamSummary.rows(of: table, in: dumpItems)
            #expect(liveRows.count == dumpRows.count, "row count of \(table)")
            #expect(sorted(liveRows) == sorted(dumpRows), "rows of \(table)")
        }
        let rental = try #require(liveSchema[publicTable("rental")])
        #expect(
            rental.foreignKeys.contains {
                $0.columns == ["customer_id"] && $0.referencedTable == publicTable("customer")
                    && $0.referencedColumns == ["customer_id"]
            })
        let customer = try #require(liveSchema[publicTable("customer")])
        #expect(customer.primaryKey == ["customer_id"])
        #expect(customer.column(named: "email")?.type == "text")
        #expect(customer.column(named: "first_name")?.isNotNull == true)

        // Batches are numbered from 1 per table, consecutively.
        var expectedFirst: [TableName: Int] = [:]
        for case .rows(let batch) in liveItems {
            #expect(batch.firstRowNumber == expectedFirst[batch.table, default: 1])
            #expect(batch.count <= 1000)
            expectedFirst[batch.table, default: 1] += batch.count
        }
    }

    /// Generated columns are in the schema, marked, and never read; keys, unique indexes and odd names survive.
    @Test func generatedColumnsAreMarkedAndNotRead() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_pgsource")
        defer { TestPostgres.dropDatabase(database) }
        try TestPostgres.psql(
            database: database,
            #"""
            CREATE SCHEMA "Odd Schema";
            CREATE TABLE "Odd Schema"."Mixed ""Case""" (
                id integer PRIMARY KEY, price numeric(10,2) NOT NULL, quantity integer,
                total numeric GENERATED ALWAYS AS (price * quantity) STORED, note text, code text, a int, b int,
                UNIQUE (a, b));
            CREATE UNIQUE INDEX mixed_code ON "Odd Schema"."Mixed ""Case""" (code);
            CREATE UNIQUE INDEX mixed_partial ON "Odd Schema"."Mixed ""Case""" (note) WHERE note IS NOT NULL;
            ALTER TABLE "Odd Schema"."Mixed ""Case""" DROP COLUMN note;
            INSERT INTO "Odd Schema"."Mixed ""Case""" (id, price, quantity, code) VALUES
                (2, 1.50, 4, E'tab\there'), (1, 2.00, NULL, NULL);
            """#)
        let reader = try PostgresReader(conninfo: TestPostgres.url(database: database))
        let name = TableName(schema: "Odd Schema", name: "Mixed \"Case\"")
        let table = try #require(try reader.schema()[name])
        #expect(table.columns.map(\.name) == ["id", "price", "quantity", "total", "code", "a", "b"])
        #expect(table.column(named: "total")?.isGenerated == true)
        #expect(table.column(named: "price")?.isGenerated == false)
        #expect(table.column(named: "price")?.type == "numeric(10,2)")
        #expect(table.column(named: "price")?.isNotNull == true)
        #expect(table.primaryKey == ["id"])
        #expect(table.uniqueKeys == [["a", "b"], ["code"]])
        let items = try readAll(reader)
        let data = try #require(StreamSummary(items).data.first)
        #expect(data.columns == ["id", "price", "quantity", "code", "a", "b"])
        #expect(
            StreamSummary.rows(of: name, in: items) == [
                ["1", "2.00", nil, nil, nil, nil], ["2", "1.50", "4", "tab\there", nil, nil],
            ])
        #expect(try reader.next() == nil)
    }

    @Test(arguments: [
        "host=127.0.0.1 port=1 user=postgres password=secretvalue123 connect_timeout=5",
        "postgresql://veil_no_such_role:secretvalue123@127.0.0.1:\(PostgresReaderTests.serverPort)"
            + "/postgres?connect_timeout=5",
    ])
    func connectionFailuresAreSourceErrorsWithoutThePassword(conninfo: String) throws {
        let error = try #require(throws: VeilError.self) { try PostgresReader(conninfo: conninfo) }
        #expect(error.code == .source)
        #expect(error.message.hasPrefix("cannot connect to the source: "))
        #expect(!error.description.contains("secretvalue123"))
    }

    /// Every table is read at the moment the reader was opened, by every session: later writes are not seen.
    @Test(arguments: [1, 2])
    func tablesAreReadFromOneSnapshot(connections: Int) throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_pgsource")
        defer { TestPostgres.dropDatabase(database) }
        try TestPostgres.psql(
            database: database,
            "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY); "
                + "INSERT INTO a VALUES (1); INSERT INTO b VALUES (1);")
        let reader = try PostgresReader(conninfo: TestPostgres.url(database: database), connections: connections)
        try TestPostgres.psql(
            database: database, "INSERT INTO a VALUES (2); INSERT INTO b VALUES (2); DELETE FROM b WHERE id = 1")
        let items = try readAll(reader)
        #expect(StreamSummary.rows(of: publicTable("a"), in: items) == [["1"]])
        #expect(StreamSummary.rows(of: publicTable("b"), in: items) == [["1"]])
    }

    /// A table without a primary key is read in its physical order from its first block, even when an earlier scan
    /// stopped half-way through it (a synchronized scan would start there): reading it twice gives the same order.
    @Test func aTableWithoutAKeyIsReadFromItsFirstBlock() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_pgsource")
        defer { TestPostgres.dropDatabase(database) }
        // Larger than a quarter of shared_buffers (128 MB by default), so scans of it may synchronize.
        try TestPostgres.psql(
            database: database,
            "CREATE TABLE big AS SELECT n AS id, repeat('x', 120) AS filler FROM generate_series(1, 400000) n")
        let large = try TestPostgres.psql(
            database: database,
            "SELECT pg_relation_size('big') / 8192 > setting::bigint / 4 FROM pg_settings WHERE name = 'shared_buffers'"
        )
        try #require(large == "t", "the table is large enough for synchronized scans")
        // A scan that stops half-way leaves its place for the next scan of the table to start from.
        try TestPostgres.psql(database: database, "SELECT count(*) FROM (SELECT * FROM big LIMIT 200000) s")
        let reader = try PostgresReader(conninfo: TestPostgres.url(database: database), batchSize: 10)
        guard case .beginTable = try reader.next(), case .rows(let first) = try reader.next() else {
            Issue.record("expected the table's first batch")
            return
        }
        #expect(first.rows.first?.first == "1")
    }

    @Test func aTableDroppedAfterTheSchemaWasReadIsASourceError() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_pgsource")
        defer { TestPostgres.dropDatabase(database) }
        try TestPostgres.psql(
            database: database,
            "CREATE TABLE a_kept (id int PRIMARY KEY); CREATE TABLE b_gone (secret text); "
                + "INSERT INTO a_kept VALUES (1); INSERT INTO b_gone VALUES ('topsecretvalue');")
        let reader = try PostgresReader(conninfo: TestPostgres.url(database: database))
        #expect(try reader.schema().tables.map(\.name.name) == ["a_kept", "b_gone"])
        try TestPostgres.psql(database: database, "DROP TABLE b_gone")
        let error = try #require(throws: VeilError.self) { try readAll(reader) }
        #expect(error.code == .source)
        #expect(error.message.contains("public.b_gone"))
        #expect(error.message.contains("disappeared"))
        #expect(!error.description.contains("topsecretvalue"))
    }

    @Test func aConnectionLostMidCopyNamesTheTableAndRow() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_pgsource")
        defer { TestPostgres.dropDatabase(database) }
        try TestPostgres.psql(
            database: database,
            "CREATE TABLE big AS SELECT n AS id, repeat('secretvalue', 10) AS filler "
                + "FROM generate_series(1, 400000) n")
        let application = "veil_lost_\(UUID().uuidString.prefix(8).lowercased())"
        let reader = try PostgresReader(
            conninfo: TestPostgres.url(database: database) + "?application_name=\(application)", batchSize: 100)
        guard case .beginTable = try reader.next(), case .rows(let first) = try reader.next() else {
            Issue.record("expected the table's first batch")
            return
        }
        #expect(first.rows.count == 100)
        try TestPostgres.psql(
            database: "postgres",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(application)'")
        let error = try #require(throws: VeilError.self) { try readAll(reader) }
        #expect(error.code == .source)
        #expect(error.location?.table == publicTable("big"))
        #expect(error.description.hasPrefix("public.big, row "))
        #expect(error.location?.row ?? 0 > 100)
        #expect(!error.description.contains("secretvalue"))
    }

    /// A `SQL_ASCII` database stores bytes as given: a value that is not UTF-8 fails the read, naming the table and
    /// row but not the value, instead of being copied as it is (kept fields go out as the server's bytes) or with
    /// replacement characters. The server refuses to send it to a UTF-8 session; the reader checks every line past
    /// ASCII too, for a server that would not.
    @Test func aValueThatIsNotUTF8InASQLASCIIDatabaseIsASourceError() throws {
        let database = "veil_sqlascii_\(getpid())_\(UUID().uuidString.prefix(6).lowercased())"
        try TestPostgres.psql(
            database: "postgres",
            "CREATE DATABASE \(database) ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' "
                + "TEMPLATE template0")
        defer { TestPostgres.dropDatabase(database) }
        try TestPostgres.psql(
            database: database,
            "CREATE TABLE notes (id int PRIMARY KEY, body text); "
                + "INSERT INTO notes VALUES (1, 'plain'), (2, 'café'), (3, E'secret\\351value');")
        let reader = try PostgresReader(conninfo: TestPostgres.url(database: database))
        let error = try #require(throws: VeilError.self) { try readAll(reader) }
        #expect(error.code == .source)
        #expect(error.location?.table == publicTable("notes"))
        #expect(error.location?.row == 3)
        #expect(!error.description.contains("secret"))
    }

    static let serverPort: String = {
        guard let url = TestPostgres.url, let components = URLComponents(string: url), let port = components.port
        else { return "5432" }
        return String(port)
    }()

    private func keyShape(_ key: ForeignKey) -> String {
        "\(key.columns) -> \(key.referencedTable)\(key.referencedColumns)"
    }

    private func sorted(_ rows: [Row]) -> [Row] {
        rows.sorted { lhs, rhs in
            lhs.map { $0 ?? "\u{0}NULL" }.lexicographicallyPrecedes(rhs.map { $0 ?? "\u{0}NULL" })
        }
    }
}
