import Foundation
import SQLiteDriver
import Testing
import VeilTestSupport

/// `veil snapshot` of a live source whose roots and lookups land on partitioned tables (two levels of range
/// partitions) and inheritance parents: every root is chosen across all partitions and children, and the snapshot
/// holds exactly the rows a query on the source says it should — into SQLite and into a `.sql` dump that restores.
@Suite(
    "Snapshot of partitioned and inherited tables",
    .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
struct PartitionSubsetEndToEndTests {
    /// customers (30) ← orders (120, partitioned by date: 2024 → h1 | h2, and 2025) ← payments (by the orders'
    /// two-column key; an order whose id is a multiple of 3 has none); customers ← events (20) with an inheritance child archived_events (25, its own
    /// primary and foreign key).
    static let schema = """
        CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
        INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 30) g;
        CREATE TABLE orders (
            id integer NOT NULL, placed date NOT NULL, customer_id integer NOT NULL REFERENCES customers,
            total integer NOT NULL, PRIMARY KEY (id, placed)) PARTITION BY RANGE (placed);
        CREATE TABLE orders_2024 PARTITION OF orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
            PARTITION BY RANGE (placed);
        CREATE TABLE orders_2024_h1 PARTITION OF orders_2024 FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');
        CREATE TABLE orders_2024_h2 PARTITION OF orders_2024 FOR VALUES FROM ('2024-07-01') TO ('2025-01-01');
        CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        INSERT INTO orders
            SELECT g, date '2024-01-01' + (g * 47) % 700, (g * 11) % 30 + 1, (g * 37) % 100
            FROM generate_series(1, 120) g;
        CREATE TABLE payments (
            id integer PRIMARY KEY, order_id integer NOT NULL, order_placed date NOT NULL, amount integer NOT NULL,
            FOREIGN KEY (order_id, order_placed) REFERENCES orders);
        INSERT INTO payments
            SELECT g, o.id, o.placed, g FROM generate_series(1, 200) g JOIN orders o ON o.id = (g * 13) % 120 + 1
            WHERE o.id % 3 <> 0;
        CREATE TABLE events (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers, kind text);
        CREATE TABLE archived_events (PRIMARY KEY (id), FOREIGN KEY (customer_id) REFERENCES customers)
            INHERITS (events);
        INSERT INTO events SELECT g, g % 30 + 1, 'live' FROM generate_series(1, 20) g;
        INSERT INTO archived_events SELECT g, (g * 7) % 30 + 1, 'archived' FROM generate_series(21, 45) g;
        """

    /// The rows of each table a snapshot must hold, as the queries below list them on the source and the copies.
    static let listings = [
        "customers": "SELECT id FROM customers",
        "orders": "SELECT id || '/' || placed FROM orders",
        "payments": "SELECT id FROM payments",
        "events": "SELECT id FROM events",
    ]

    /// One snapshot: its `subset:` section and, per table, the source query that lists exactly the rows it takes
    /// (in the form of ``listings``; a table not named is empty).
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var subset: String
        var expected: [String: String]
        var testDescription: String { name }

        /// Orders chosen by `roots` (a query on the source giving `id, placed, customer_id`), their customers and,
        /// with children, their payments.
        static func orders(_ name: String, _ subset: String, roots: String, children: Bool) -> Case {
            var expected = [
                "orders": "SELECT id || '/' || placed FROM (\(roots)) r",
                "customers": "SELECT DISTINCT customer_id FROM (\(roots)) r",
            ]
            if children {
                expected["payments"] =
                    "SELECT p.id FROM payments p JOIN (\(roots)) r ON (p.order_id, p.order_placed) = (r.id, r.placed)"
            }
            let options = children ? "subset_options: { include_children: true }\n" : ""
            return Case(name: name, subset: "subset:\n  public.\(subset)\n" + options, expected: expected)
        }
    }

    static let percent = "(hashtext(concat_ws('|', id::text, placed::text))::bigint & 2147483647) % 10000 < 3000"

    static let cases: [Case] = [
        .orders(
            "partitioned root, where + limit", "orders: { where: \"total >= 50\", limit: 10 }",
            roots: "SELECT id, placed, customer_id FROM orders WHERE total >= 50 ORDER BY id, placed LIMIT 10",
            children: false),
        .orders(
            "partitioned root, where + limit, with children", "orders: { where: \"total >= 50\", limit: 10 }",
            roots: "SELECT id, placed, customer_id FROM orders WHERE total >= 50 ORDER BY id, placed LIMIT 10",
            children: true),
        .orders(
            "partitioned root, percent, with children", "orders: { percent: 30 }",
            roots: "SELECT id, placed, customer_id FROM orders WHERE \(percent)", children: true),
        .orders(
            "partitioned root, where", "orders: \"placed < '2024-07-01' OR total < 10\"",
            roots: "SELECT id, placed, customer_id FROM orders WHERE placed < '2024-07-01' OR total < 10",
            children: false),
        .orders(
            "a partitioned partition as root, limit, with children", "orders_2024: { limit: 8 }",
            roots: "SELECT id, placed, customer_id FROM orders_2024 ORDER BY id, placed LIMIT 8", children: true),
        Case(
            name: "customers root with children: orders across partitions, payments, events across children",
            subset: "subset:\n  public.customers: \"id % 7 = 0\"\nsubset_options: { include_children: true }\n",
            expected: [
                "customers": "SELECT id FROM customers WHERE id % 7 = 0",
                "orders": "SELECT id || '/' || placed FROM orders WHERE customer_id % 7 = 0",
                "payments":
                    "SELECT p.id FROM payments p JOIN orders o ON (p.order_id, p.order_placed) = (o.id, o.placed) "
                    + "WHERE o.customer_id % 7 = 0",
                "events": "SELECT id FROM events WHERE customer_id % 7 = 0",
            ]),
        Case(
            name: "inheritance parent root, limit", subset: "subset:\n  public.events: { limit: 30 }\n",
            expected: [
                "events": "SELECT id FROM events ORDER BY id LIMIT 30",
                "customers": "SELECT DISTINCT customer_id FROM (SELECT * FROM events ORDER BY id LIMIT 30) e",
            ]),
    ]

    /// The sorted output lines of `query` on a PostgreSQL database.
    static func lines(_ query: String, in database: String) throws -> [String] {
        try TestPostgres.psql(database: database, query).split(separator: "\n").map(String.init).sorted()
    }

    /// The sorted values of `query`'s first column on a SQLite file.
    static func lines(_ query: String, sqlite path: String) throws -> [String] {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        let statement = try connection.prepare(query)
        var lines: [String] = []
        while let row = try statement.step() { lines.append(row.optionalText(at: 0) ?? "NULL") }
        return lines.sorted()
    }

    /// A profile that keeps every column of `tables` (all in `public`) and snapshots `subset`, with its key store.
    static func profile(_ scenario: Scenario, source: String, tables: [String], subset: String) throws -> String {
        let profile = try scenario.writeProfile(
            base: "pagila.yaml", source: TestPostgres.url(database: source), target: "unused.sqlite",
            tables: "\ntables:\n" + tables.map { "  public.\($0): keep\n" }.joined(), extra: subset)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        return profile
    }

    /// Snapshots `profile` into a `.sql` file and restores it with `psql -v ON_ERROR_STOP=1` into a new database,
    /// whose name it returns (the caller drops it).
    static func restoredSnapshot(_ scenario: Scenario, _ profile: String) throws -> String {
        let dump = scenario.directory.file("dev.sql")
        let snapshot = try scenario.veil(["snapshot", profile, "--out", dump, "--quiet"])
        try #require(snapshot.status == 0, "\(snapshot.standardError)")
        let copy = try TestPostgres.createDatabase(prefix: "veil_partsub_copy")
        let restore = try TestPostgres.restore(dump, into: copy)
        #expect(restore.status == 0, "\(restore.standardError)")
        return copy
    }

    static let tables = ["customers", "orders", "payments", "events"]

    @Test(
        "roots and lookups span every partition and child: the snapshot holds exactly the chosen rows", arguments: cases
    )
    func exactSubset(_ testCase: Case) throws {
        let scenario = Scenario()
        let source = try TestPostgres.createDatabase(prefix: "veil_partsub")
        defer { TestPostgres.dropDatabase(source) }
        try TestPostgres.psql(database: source, Self.schema)
        let profile = try Self.profile(scenario, source: source, tables: Self.tables, subset: testCase.subset)

        var expected: [String: [String]] = [:]
        for table in Self.listings.keys {
            expected[table] = try testCase.expected[table].map { try Self.lines($0, in: source) } ?? []
        }
        #expect(expected.values.contains { !$0.isEmpty })

        let sqlite = scenario.directory.file("dev.sqlite")
        let toSQLite = try scenario.veil(["snapshot", profile, "--out", sqlite, "--quiet"])
        try #require(toSQLite.status == 0, "\(toSQLite.standardError)")
        #expect(try Self.lines("PRAGMA foreign_key_check", sqlite: sqlite).isEmpty)
        for (table, listing) in Self.listings.sorted(by: { $0.key < $1.key }) {
            #expect(try Self.lines(listing, sqlite: sqlite) == expected[table], "\(table) in SQLite")
        }

        let copy = try Self.restoredSnapshot(scenario, profile)
        defer { TestPostgres.dropDatabase(copy) }
        for (table, listing) in Self.listings.sorted(by: { $0.key < $1.key }) {
            #expect(try Self.lines(listing, in: copy) == expected[table], "\(table) restored from the .sql snapshot")
        }
    }

    @Test("max_rows_per_table caps a partitioned table as one table, across its partitions")
    func capSpansPartitions() throws {
        let scenario = Scenario()
        let source = try TestPostgres.createDatabase(prefix: "veil_partcap")
        defer { TestPostgres.dropDatabase(source) }
        try TestPostgres.psql(database: source, Self.schema)
        let profile = try Self.profile(
            scenario, source: source, tables: Self.tables,
            subset: """
                subset:
                  public.customers: "id % 7 = 0"
                subset_options: { include_children: true, max_rows_per_table: 6 }

                """)
        // The four chosen customers have 16 orders, in two leaf partitions.
        #expect(
            try TestPostgres.psql(database: source, "SELECT count(*) FROM orders WHERE customer_id % 7 = 0") == "16")
        let sqlite = scenario.directory.file("dev.sqlite")
        let snapshot = try scenario.veil(["snapshot", profile, "--out", sqlite, "--quiet"])
        try #require(snapshot.status == 0, "\(snapshot.standardError)")
        #expect(try Self.lines("PRAGMA foreign_key_check", sqlite: sqlite).isEmpty)
        #expect(try Self.lines("SELECT count(*) FROM orders", sqlite: sqlite) == ["6"])
        #expect(try Self.lines("SELECT count(*) FROM orders WHERE customer_id % 7 <> 0", sqlite: sqlite) == ["0"])
        #expect(try Self.lines("SELECT count(*) FROM customers", sqlite: sqlite) == ["4"])
    }

    @Test("an inheritance child's own foreign key, on a column its parent lacks, brings its parent row too")
    func childOwnForeignKey() throws {
        let scenario = Scenario()
        let source = try TestPostgres.createDatabase(prefix: "veil_inhsub")
        defer { TestPostgres.dropDatabase(source) }
        try TestPostgres.psql(
            database: source,
            """
            CREATE TABLE reviewers (id integer PRIMARY KEY);
            INSERT INTO reviewers SELECT generate_series(1, 10);
            CREATE TABLE documents (id integer PRIMARY KEY, title text);
            CREATE TABLE reviewed_documents (
                reviewer_id integer NOT NULL REFERENCES reviewers, PRIMARY KEY (id)) INHERITS (documents);
            INSERT INTO documents SELECT g, 'document ' || g FROM generate_series(1, 5) g;
            INSERT INTO reviewed_documents SELECT g, 'reviewed ' || g, g - 5 FROM generate_series(6, 12) g;
            """)
        let profile = try Self.profile(
            scenario, source: source, tables: ["reviewers", "documents", "reviewed_documents"],
            subset: "subset:\n  public.documents: \"id % 2 = 0\"\n")
        let copy = try Self.restoredSnapshot(scenario, profile)
        defer { TestPostgres.dropDatabase(copy) }
        #expect(try Self.lines("SELECT id FROM documents", in: copy) == ["10", "12", "2", "4", "6", "8"])
        #expect(try Self.lines("SELECT id FROM ONLY reviewed_documents", in: copy) == ["10", "12", "6", "8"])
        #expect(try Self.lines("SELECT id FROM reviewers", in: copy) == ["1", "3", "5", "7"])
    }
}
