import Foundation
import PostgresDriver
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// Row-level security in every session that reads rows (integration: needs `VEIL_TEST_PG`): row security is off, so
/// a policy that would hide rows fails the read, naming the table, instead of returning fewer rows.
@Suite("Row security in PostgreSQL sessions (integration, live server)", .enabled(if: TestPostgres.isAvailable))
struct PostgresRowSecurityTests {
    /// A database whose `accounts` (12 rows) sit under a forced policy that shows nothing to `role` (a login role
    /// without BYPASSRLS that may read the table), and the URL to read it as that role. Dropped at the end.
    final class PolicedDatabase {
        let name: String
        let role: String

        init() throws {
            name = try TestPostgres.createDatabase(prefix: "veil_rowsec")
            role = "veil_rowsec_\(name.suffix(8))_\(getpid())"
            try TestPostgres.psql(
                database: name,
                """
                CREATE ROLE \(role) LOGIN;
                CREATE TABLE accounts (id integer PRIMARY KEY, owner text NOT NULL);
                INSERT INTO accounts SELECT g, 'someone' FROM generate_series(1, 12) g;
                ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
                ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
                CREATE POLICY own_rows ON accounts USING (owner = current_user);
                GRANT SELECT ON accounts TO \(role);
                """)
        }

        deinit {
            TestPostgres.dropDatabase(name)
            _ = try? TestPostgres.psql(database: "postgres", "DROP ROLE IF EXISTS \(role)")
        }

        /// The database's URL, logging in as `user`.
        func url(as user: String) -> String {
            PostgresRowSecurityTests.url(name, as: user)
        }
    }

    /// The URL of `database` on the test server, logging in as `user`.
    static func url(_ database: String, as user: String) -> String {
        let url = TestPostgres.url(database: database)
        return url + (url.contains("?") ? "&" : "?") + "user=" + user
    }

    @Test func theSourceSessionsReadWithRowSecurityOffAndNameTheTableAPolicyWouldFilter() throws {
        let database = try PolicedDatabase()
        let accounts = publicTable("accounts")
        let reader = try PostgresReader(conninfo: database.url(as: database.role), connections: 2)
        #expect(try reader.subsetQuery("SHOW row_security") == [["off"]])

        #expect {
            _ = try reader.subsetQuery("SELECT id FROM public.accounts")
        } throws: { error in
            (error as? VeilError)?.code == .source && "\(error)".contains("row-level security")
        }

        let stream = try PostgresReader(conninfo: database.url(as: database.role), connections: 2)
        #expect {
            _ = try readAll(stream)
        } throws: { error in
            let error = error as? VeilError
            return error?.code == .source && error?.location?.table == accounts
                && error?.message.contains("row-level security") == true
        }
    }

    @Test func theNewCopysRowCountsAreTheServersOwnWhateverAPolicyHides() throws {
        let database = try PolicedDatabase()
        let loader = "veil_rowsec_loader_\(database.name.suffix(8))_\(getpid())"
        try TestPostgres.psql(database: "postgres", "CREATE ROLE \(loader) LOGIN CREATEDB")
        defer { _ = try? TestPostgres.psql(database: "postgres", "DROP ROLE IF EXISTS \(loader)") }
        let target = "veil_rowsec_target_\(database.name.suffix(8))"
        let staging = try StagingDatabase(conninfo: Self.url(target, as: loader))
        try staging.createNext()
        defer { staging.discardNext() }
        let accounts = publicTable("accounts")
        // The copy's post-data DDL puts the loader's own table under a forced policy that hides every row from it:
        // the count is the one each COPY's command tag gave, not what a query would see afterwards.
        let counts = try staging.loadNext { writer in
            try writer.write(
                .passthrough("CREATE TABLE public.accounts (id integer PRIMARY KEY, owner text NOT NULL);\n"))
            try writer.write(.beginTable(TableData(table: accounts, columns: ["id", "owner"])))
            try writer.write(
                .rows(RowBatch(table: accounts, rows: (1...12).map { [String($0), "someone"] }, firstRowNumber: 1)))
            try writer.write(.endTable(accounts))
            try writer.write(
                .passthrough(
                    """
                    ALTER TABLE public.accounts ENABLE ROW LEVEL SECURITY;
                    ALTER TABLE public.accounts FORCE ROW LEVEL SECURITY;
                    CREATE POLICY own_rows ON public.accounts USING (owner = current_user);

                    """))
            try writer.finish()
        }
        #expect(counts == [accounts: 12])
        let visible = try PostgresConnection(conninfo: staging.nextConninfo)
        #expect(try visible.execute("SELECT count(*) FROM public.accounts").value(row: 0, column: 0) == "0")
    }

    @Test func theReaderTellsPartitionedTablesAndEveryTablesOID() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_nesting")
        defer { TestPostgres.dropDatabase(database) }
        try TestPostgres.psql(
            database: database,
            """
            CREATE TABLE orders (id integer, placed date) PARTITION BY RANGE (placed);
            CREATE TABLE orders_2024 PARTITION OF orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
                PARTITION BY RANGE (placed);
            CREATE TABLE orders_2024_h1 PARTITION OF orders_2024 FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');
            CREATE TABLE notes (id integer);
            CREATE TABLE old_notes () INHERITS (notes);
            """)
        let reader = try PostgresReader(conninfo: TestPostgres.url(database: database))
        #expect(reader.tableNesting.partitioned == [publicTable("orders"), publicTable("orders_2024")])
        let oids = try TestPostgres.psql(
            database: database,
            "SELECT oid || ' ' || relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN "
                + "('r', 'p') ORDER BY 1")
        let expected = Dictionary(
            uniqueKeysWithValues: oids.split(separator: "\n").map {
                let parts = $0.split(separator: " ")
                return (String(parts[0]), publicTable(String(parts[1])))
            })
        #expect(reader.tableNesting.tablesByOID == expected)
        #expect(expected.count == 5)
    }
}
