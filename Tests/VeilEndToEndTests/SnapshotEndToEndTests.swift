import Foundation
import SQLiteDriver
import Testing
import VeilTestSupport

/// `veil snapshot`: a foreign-key-consistent subset of a live source, masked exactly as a full run masks it.
@Suite("Snapshot end to end")
struct SnapshotEndToEndTests {
    static let chinook = PackagePaths.fixture("chinook/Chinook_Sqlite.sqlite")

    /// Every row of a query, fields as text (NULL as nil).
    static func rows(_ sql: String, in path: String) throws -> [[String?]] {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        let statement = try connection.prepare(sql)
        var rows: [[String?]] = []
        while let row = try statement.step() { rows.append((0..<row.columnCount).map { row.optionalText(at: $0) }) }
        return rows
    }

    static func scalar(_ sql: String, in path: String) throws -> Int {
        Int(try rows(sql, in: path).first?.first??.description ?? "") ?? -1
    }

    /// Key → the other columns, for comparing a snapshot's masked values with a full run's.
    static func byKey(_ sql: String, in path: String) throws -> [String: [String?]] {
        Dictionary(uniqueKeysWithValues: try rows(sql, in: path).map { ($0[0]!, Array($0.dropFirst())) })
    }

    @Test(
        "pagila live → 10 % of customers into SQLite: FKs hold, deterministic, masked as a full run masks",
        .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
    func pagilaPercent() throws {
        let scenario = Scenario()
        let pagila = try PagilaSubsetProfile(scenario, databasePrefix: "pagila_snapshot")
        defer { TestPostgres.dropDatabase(pagila.database) }
        let database = pagila.database
        let profile = pagila.profile
        let first = scenario.directory.file("first.sqlite")
        let second = scenario.directory.file("second.sqlite")
        let full = scenario.directory.file("full.sqlite")
        for out in [first, second] {
            let snapshot = try scenario.veil(["snapshot", profile, "--out", out, "--quiet"])
            #expect(snapshot.status == 0, "\(snapshot.standardError)")
        }
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")

        #expect(try Self.rows("PRAGMA foreign_key_check", in: first).isEmpty)
        let customers = try Self.scalar("SELECT count(*) FROM customer", in: first)
        #expect((35...85).contains(customers), "\(customers) of 599 customers")
        let rentals = try Self.scalar("SELECT count(*) FROM rental", in: first)
        let payments = try Self.scalar("SELECT count(*) FROM payment", in: first)
        #expect(rentals > customers && payments > customers)
        #expect(
            try Self.scalar(
                "SELECT count(*) FROM rental WHERE customer_id NOT IN (SELECT customer_id FROM customer)", in: first)
                == 0)
        #expect(
            try Self.scalar(
                "SELECT count(*) FROM payment WHERE customer_id NOT IN (SELECT customer_id FROM customer)", in: first)
                == 0)
        // Every rental of a chosen customer comes (include_children), as in the full copy.
        #expect(
            try Self.scalar(
                "SELECT count(*) FROM rental WHERE customer_id IN (SELECT customer_id FROM customer)", in: full)
                >= rentals)

        let people = "SELECT customer_id, email, first_name, last_name, create_date FROM customer ORDER BY 1"
        let snapshotPeople = try Self.byKey(people, in: first)
        #expect(try Self.byKey(people, in: second) == snapshotPeople)
        let fullPeople = try Self.byKey(people, in: full)
        #expect(snapshotPeople.count == customers)
        for (id, values) in snapshotPeople { #expect(fullPeople[id] == values, "customer \(id)") }
        let originalEmail = try TestPostgres.psql(
            database: database, "SELECT email FROM customer ORDER BY customer_id LIMIT 1")
        #expect(try Self.rows("SELECT email FROM customer", in: first).allSatisfy { $0[0] != originalEmail })
    }

    @Test("chinook SQLite → a condition subset into SQLite and into CSV: FKs hold, masked as a full run masks")
    func chinookCondition() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(
            base: "chinook.yaml", source: Self.chinook, target: "full.sqlite",
            extra: """
                subset:
                  Customer: "Country = 'Brazil'"
                subset_options: { include_children: true }
                """)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let out = scenario.directory.file("brazil.sqlite")
        let snapshot = try scenario.veil(["snapshot", profile, "--out", out, "--quiet"])
        #expect(snapshot.status == 0, "\(snapshot.standardError)")
        // A snapshot is signed like any run: its manifest sits beside it and verifies.
        let verified = try scenario.veil(["manifest", "verify", out + ".manifest.json", "--profile", profile])
        #expect(verified.status == 0, "\(verified.standardError)")
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let full = scenario.directory.file("full.sqlite")

        #expect(try Self.rows("PRAGMA foreign_key_check", in: out).isEmpty)
        #expect(try Self.scalar("SELECT count(*) FROM Customer", in: out) == 5)
        #expect(try Self.scalar("SELECT count(*) FROM Customer WHERE Country <> 'Brazil'", in: out) == 0)
        let invoices = try Self.scalar(
            "SELECT count(*) FROM Invoice WHERE CustomerId IN (SELECT CustomerId FROM Customer "
                + "WHERE Country = 'Brazil')", in: Self.chinook)
        #expect(try Self.scalar("SELECT count(*) FROM Invoice", in: out) == invoices)
        #expect(try Self.scalar("SELECT count(*) FROM InvoiceLine", in: out) > invoices)
        // Tracks come as the invoice lines' parents, albums and artists as theirs; playlists are not reached.
        #expect(try Self.scalar("SELECT count(*) FROM Track", in: out) > 0)
        #expect(try Self.scalar("SELECT count(*) FROM Playlist", in: out) == 0)
        let people = "SELECT CustomerId, Email, FirstName, Phone, City FROM Customer"
        let fullPeople = try Self.byKey(people, in: full)
        let snapshotPeople = try Self.byKey(people, in: out)
        #expect(snapshotPeople.count == 5)
        for (id, values) in snapshotPeople { #expect(fullPeople[id] == values, "customer \(id)") }

        let folder = scenario.directory.file("brazil-csv/")
        let csv = try scenario.veil(["snapshot", profile, "--out", folder, "--quiet"])
        #expect(csv.status == 0, "\(csv.standardError)")
        let customerCSV = try String(contentsOfFile: folder + "Customer.csv", encoding: .utf8)
        #expect(customerCSV.split(separator: "\n").count == 6)

        let database = try scenario.veil(["snapshot", profile, "--out", "postgresql://127.0.0.1/x", "--quiet"])
        #expect(database.status == 64)
    }

    @Test("a subset entry naming no table of the source is a usage error")
    func unknownTable() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(
            base: "chinook.yaml", source: Self.chinook, target: "full.sqlite",
            extra: "subset: { Nowhere: \"1 = 1\" }")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let snapshot = try scenario.veil(["snapshot", profile, "--out", scenario.directory.file("s.sqlite")])
        #expect(snapshot.status == 64)
        #expect(snapshot.standardError.contains("Nowhere"))
        #expect(!scenario.exists("s.sqlite"))
    }
}
