import Foundation
import SQLiteDriver
import Testing
import VeilTestSupport

/// `veil snapshot --out FILE.sql`: a live PostgreSQL source as a plain dump that restores with every foreign key, a
/// SQLite source as a script in SQLite's dialect; both hold exactly what the same snapshot into SQLite holds.
@Suite("Snapshot to a .sql script end to end")
struct SnapshotSQLEndToEndTests {
    static let chinook = PackagePaths.fixture("chinook/Chinook_Sqlite.sqlite")

    /// Every row of a query on a SQLite file, fields as text (NULL as nil).
    static func rows(_ sql: String, in path: String) throws -> [[String?]] {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        let statement = try connection.prepare(sql)
        var rows: [[String?]] = []
        while let row = try statement.step() { rows.append((0..<row.columnCount).map { row.optionalText(at: $0) }) }
        return rows
    }

    static func tables(in path: String) throws -> [String] {
        let query = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
        return try rows(query, in: path).map { $0[0]! }
    }

    /// Every row of `table` with each value in SQLite's `quote()` form (so storage classes count too), sorted.
    static func quotedRows(of table: String, in path: String) throws -> [String] {
        let columns = try rows("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid", in: path).map { $0[0]! }
        let list = columns.map { "quote(\"\($0)\")" }.joined(separator: " || '|' || ")
        return try rows("SELECT \(list) FROM \"\(table)\"", in: path).map { $0[0] ?? "" }.sorted()
    }

    @Test(
        "pagila live → 10 % of customers with children → .sql: restores, every FK holds, rows and masks as SQLite's",
        .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
    func pagilaPlainDump() throws {
        let scenario = Scenario()
        let pagila = try PagilaSubsetProfile(scenario, databasePrefix: "pagila_sqlsnap")
        defer { TestPostgres.dropDatabase(pagila.database) }
        let source = pagila.database
        let profile = pagila.profile
        // pagila creates its materialized view WITH NO DATA; the source has it populated.
        _ = try TestPostgres.psql(database: source, "REFRESH MATERIALIZED VIEW public.rental_by_category")
        let dump = scenario.directory.file("dev.sql")
        let sqlite = scenario.directory.file("dev.sqlite")
        for out in [dump, sqlite] {
            let snapshot = try scenario.veil(["snapshot", profile, "--out", out, "--quiet"])
            #expect(snapshot.status == 0, "\(snapshot.standardError)")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: dump)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // The manifest of a snapshot verifies for a .sql output too.
        let verified = try scenario.veil(["manifest", "verify", dump + ".manifest.json", "--profile", profile])
        #expect(verified.status == 0, "\(verified.standardError)")

        let copy = try TestPostgres.createDatabase(prefix: "pagila_sqlsnap_copy")
        defer { TestPostgres.dropDatabase(copy) }
        let restore = try TestPostgres.restore(dump, into: copy)
        #expect(restore.status == 0, "\(restore.standardError)")

        // Every foreign key of the source exists in the copy and is validated (the restore added them after the rows).
        let foreignKeys = "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated"
        let sourceKeys = try TestPostgres.psql(database: source, foreignKeys)
        #expect(Int(sourceKeys) ?? 0 > 10)
        #expect(try TestPostgres.psql(database: copy, foreignKeys) == sourceKeys)
        for child in ["rental", "payment"] {
            #expect(
                try TestPostgres.psql(
                    database: copy,
                    "SELECT count(*) FROM \(child) WHERE customer_id NOT IN (SELECT customer_id FROM customer)")
                    == "0", "\(child)")
        }

        // The materialized view is populated, from the copy's own (masked, subset) rows, as a full restore leaves it.
        let populated = "SELECT ispopulated FROM pg_matviews WHERE matviewname = 'rental_by_category'"
        #expect(try TestPostgres.psql(database: copy, populated) == "t")

        // Sequences were moved past the copied ids: the next customer id is a new one.
        #expect(
            try TestPostgres.psql(
                database: copy, "SELECT nextval('public.customer_customer_id_seq') > max(customer_id) FROM customer")
                == "t")

        // Row counts per table equal the SQLite snapshot's (a partitioned table counts its partitions in both).
        let tables = try Self.tables(in: sqlite)
        #expect(tables.contains("customer") && tables.contains("rental") && tables.contains("payment"))
        for table in tables {
            let expected = try Self.rows("SELECT count(*) FROM \"\(table)\"", in: sqlite)[0][0]
            let count = try TestPostgres.psql(database: copy, "SELECT count(*) FROM public.\"\(table)\"")
            #expect(count == expected, "\(table)")
        }
        let customers = Int(try TestPostgres.psql(database: copy, "SELECT count(*) FROM customer")) ?? 0
        #expect((35...85).contains(customers), "\(customers) of 599 customers")
        #expect(Int(try TestPostgres.psql(database: copy, "SELECT count(*) FROM rental")) ?? 0 > customers)

        // Masked values equal the SQLite snapshot's, by primary key, and none is the original.
        let people = "SELECT customer_id, email, first_name, last_name FROM customer ORDER BY 1"
        let fromDump = try TestPostgres.psql(database: copy, people).split(separator: "\n").map(String.init)
        let fromSQLite = try Self.rows(people, in: sqlite).map { $0.map { $0 ?? "" }.joined(separator: "|") }
        #expect(fromDump.count == customers)
        #expect(fromDump == fromSQLite)
        let originalEmails = try TestPostgres.psql(database: source, "SELECT email FROM customer")
        let originals = Set(originalEmails.split(separator: "\n").map(String.init))
        let maskedEmails = fromDump.map { $0.split(separator: "|", omittingEmptySubsequences: false)[1] }
        #expect(maskedEmails.allSatisfy { !originals.contains(String($0)) })
    }

    @Test(
        "veil run from a live PostgreSQL source to a .sql target: a full masked dump that restores with every FK",
        .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
    func pagilaRunToPlainDump() throws {
        let source = try TestPostgres.createDatabase(prefix: "pagila_sqlrun")
        defer { TestPostgres.dropDatabase(source) }
        #expect(try TestPostgres.restore(PackagePaths.fixture("pagila/pagila-pgdump.sql"), into: source).status == 0)
        let scenario = Scenario()
        let profile = try scenario.writeProfile(
            base: "pagila.yaml", source: TestPostgres.url(database: source), target: "masked.sql")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")

        let copy = try TestPostgres.createDatabase(prefix: "pagila_sqlrun_copy")
        defer { TestPostgres.dropDatabase(copy) }
        let restore = try TestPostgres.restore(scenario.directory.file("masked.sql"), into: copy)
        #expect(restore.status == 0, "\(restore.standardError)")
        let foreignKeys = "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated"
        let sourceKeys = try TestPostgres.psql(database: source, foreignKeys)
        #expect(try TestPostgres.psql(database: copy, foreignKeys) == sourceKeys)
        for table in ["customer", "rental", "payment", "film", "staff", "address"] {
            let count = "SELECT count(*) FROM \(table)"
            let expected = try TestPostgres.psql(database: source, count)
            #expect(try TestPostgres.psql(database: copy, count) == expected, "\(table)")
        }
        let emails = "SELECT email FROM customer ORDER BY customer_id LIMIT 5"
        #expect(try TestPostgres.psql(database: copy, emails) != TestPostgres.psql(database: source, emails))
    }

    @Test("chinook SQLite → a condition subset → .sql: sqlite3 loads it, FKs hold, same as the .sqlite snapshot")
    func chinookScript() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(
            base: "chinook.yaml", source: Self.chinook, target: "full.sqlite",
            extra: """
                subset:
                  Customer: "Country = 'Brazil'"
                subset_options: { include_children: true }
                """)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let script = scenario.directory.file("brazil.sql")
        let sqlite = scenario.directory.file("brazil.sqlite")
        for out in [script, sqlite] {
            let snapshot = try scenario.veil(["snapshot", profile, "--out", out, "--quiet"])
            #expect(snapshot.status == 0, "\(snapshot.standardError)")
        }
        let text = try String(contentsOfFile: script, encoding: .utf8)
        #expect(text.hasPrefix("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE [Album]"))
        #expect(text.hasSuffix("COMMIT;\n"))
        let mode = try FileManager.default.attributesOfItem(atPath: script)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let loaded = scenario.directory.file("loaded.db")
        let sqlite3 = try #require(ProcessRunner.which("sqlite3"), "the sqlite3 CLI is installed (CI installs it)")
        let load = try ProcessRunner.run(sqlite3, ["-bail", loaded], input: text)
        #expect(load.status == 0, "\(load.standardError)")
        #expect(load.standardError.isEmpty, "\(load.standardError)")

        #expect(try Self.rows("PRAGMA foreign_key_check", in: loaded).isEmpty)
        #expect(try Self.rows("SELECT count(*) FROM Customer", in: loaded)[0][0] == "5")
        // The source's own DDL came along: its foreign keys and indexes.
        let foreignKeys = "SELECT count(*) FROM pragma_foreign_key_list('InvoiceLine')"
        #expect(try Self.rows(foreignKeys, in: loaded) == Self.rows(foreignKeys, in: Self.chinook))
        let indexes = "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1"
        let sourceIndexes = try Self.rows(indexes, in: Self.chinook)
        #expect(!sourceIndexes.isEmpty)
        #expect(try Self.rows(indexes, in: loaded) == sourceIndexes)

        // Every table holds exactly the .sqlite snapshot's rows, values and storage classes alike.
        let tables = try Self.tables(in: sqlite)
        #expect(try Self.tables(in: loaded) == tables)
        #expect(tables.count == 11)
        for table in tables {
            #expect(try Self.quotedRows(of: table, in: loaded) == Self.quotedRows(of: table, in: sqlite), "\(table)")
        }
        let people = "SELECT CustomerId, Email, FirstName, Phone, City FROM Customer ORDER BY 1"
        let masked = try Self.rows(people, in: loaded)
        #expect(masked == (try Self.rows(people, in: sqlite)))
        let originals = try Self.rows(
            "SELECT CustomerId, Email, FirstName, Phone, City FROM Customer WHERE Country = 'Brazil' ORDER BY 1",
            in: Self.chinook)
        #expect(masked.map { $0[0] } == originals.map { $0[0] })
        #expect(zip(masked, originals).allSatisfy { $0[1] != $1[1] }, "every email is masked")
    }

    @Test("a snapshot that fails (an invalid subset condition) leaves no .sql file and no temporary file")
    func failedSnapshotLeavesNoFile() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(
            base: "chinook.yaml", source: Self.chinook, target: "full.sqlite",
            extra: """
                subset:
                  Customer: "Country = = 'Brazil' ("
                """)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let before = scenario.files()
        let snapshot = try scenario.veil(["snapshot", profile, "--out", scenario.directory.file("broken.sql")])
        #expect(snapshot.status != 0)
        #expect(!snapshot.standardError.isEmpty)
        #expect(!scenario.exists("broken.sql"))
        #expect(scenario.files() == before)
    }

    @Test("veil run refuses a SQLite source to a .sql target (only a snapshot writes SQLite's dialect)")
    func runRefusesSQLiteToSQL() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(base: "chinook.yaml", source: Self.chinook, target: "out.sql")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("veil snapshot"))
        #expect(!scenario.exists("out.sql"))
    }
}
