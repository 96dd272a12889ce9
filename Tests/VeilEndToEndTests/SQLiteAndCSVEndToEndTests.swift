import Foundation
import SQLiteDriver
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// Any source to any target: SQLite → SQLite, PostgreSQL dump → SQLite, CSV → CSV, with the same
/// determinism everywhere (one key store, one domain: one masked value).
@Suite("SQLite and CSV end to end")
struct SQLiteAndCSVEndToEndTests {
    static let chinook = PackagePaths.fixture("chinook/Chinook_Sqlite.sqlite")
    static let people = PackagePaths.fixture("fake-people-csv/")

    /// `SELECT` one text column of every row, in rowid order.
    static func column(_ table: String, _ column: String, in path: String) throws -> [String?] {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        let statement = try connection.prepare("SELECT \"\(column)\" FROM \"\(table)\" ORDER BY rowid")
        var values: [String?] = []
        while let row = try statement.step() { values.append(row.optionalText(at: 0)) }
        return values
    }

    static func count(_ table: String, in path: String) throws -> Int {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        return Int(try connection.prepare("SELECT count(*) FROM \"\(table)\"").step()!.int64(at: 0))
    }

    static func foreignKeyViolations(in path: String) throws -> Int {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        let statement = try connection.prepare("PRAGMA foreign_key_check")
        var violations = 0
        while try statement.step() != nil { violations += 1 }
        return violations
    }

    @Test("chinook SQLite → masked SQLite: same counts, foreign keys hold, no original email or phone")
    func chinook() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(base: "chinook.yaml", source: Self.chinook, target: "masked.sqlite")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let output = scenario.directory.file("masked.sqlite")
        for (table, rows) in [
            ("Customer", 59), ("Employee", 8), ("Invoice", 412), ("InvoiceLine", 2240),
            ("Track", 3503),
        ] {
            #expect(try Self.count(table, in: output) == rows, "\(table)")
        }
        #expect(try Self.foreignKeyViolations(in: output) == 0)
        let originals =
            try Self.column("Customer", "Email", in: Self.chinook).compactMap { $0 }
            + Self.column("Customer", "Phone", in: Self.chinook).compactMap { $0 }
        let masked = Set(
            try Self.column("Customer", "Email", in: output) + Self.column("Customer", "Phone", in: output))
        #expect(originals.count == 59 + 58)
        #expect(originals.allSatisfy { !masked.contains($0) })
        // A customer's billing city on an invoice masks like the customer's city (shared domain).
        let cities = try Self.column("Customer", "City", in: output)
        let customerOfInvoice = try Self.column("Invoice", "CustomerId", in: output)
        let billingCities = try Self.column("Invoice", "BillingCity", in: output)
        let sourceCities = try Self.column("Customer", "City", in: Self.chinook)
        let sourceBilling = try Self.column("Invoice", "BillingCity", in: Self.chinook)
        for index in billingCities.indices {
            let customer = Int(customerOfInvoice[index]!)! - 1
            if sourceBilling[index] == sourceCities[customer] {
                #expect(billingCities[index] == cities[customer])
            }
        }
    }

    @Test("pagila dump → SQLite: partitions land in payment, FKs hold, emails mask as in the SQL output")
    func pagilaToSQLite() throws {
        let scenario = Scenario()
        let dump = PackagePaths.fixture("pagila/pagila-pgdump.sql")
        let profile = try scenario.writeProfile(base: "pagila.yaml", source: dump, target: "masked.sqlite")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let toSQLite = try scenario.veil(["run", profile, "--quiet"])
        #expect(toSQLite.status == 0, "\(toSQLite.standardError)")
        let toSQL = try scenario.veil(["run", profile, "--quiet", "--target", scenario.directory.file("masked.sql")])
        #expect(toSQL.status == 0, "\(toSQL.standardError)")

        let output = scenario.directory.file("masked.sqlite")
        #expect(try Self.count("payment", in: output) == 16049)
        #expect(try Self.count("rental", in: output) == 16044)
        #expect(try Self.foreignKeyViolations(in: output) == 0)
        let sqliteEmails = try Self.column("customer", "email", in: output).compactMap { $0 }
        let dumpEmails = try DumpValues.values(
            in: scenario.directory.file("masked.sql"), table: "public.customer", columns: ["email"])
        #expect(sqliteEmails.count == 599)
        #expect(sqliteEmails == dumpEmails)
    }

    @Test("fake-people CSVs → masked CSV folder: same rows, no original email, emails agree across files")
    func peopleCSV() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(base: "people-csv.yaml", source: Self.people, target: "people/")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let folder = scenario.directory.file("people")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files == ["ecommerce_customers.csv", "patients.csv", "patients_notes.csv"])
        let counts = try CSVReader(path: folder).expectedRowCounts() ?? [:]
        #expect(counts[TableName(schema: "", name: "patients")] == 36)
        #expect(counts[TableName(schema: "", name: "patients_notes")] == 35)
        #expect(counts[TableName(schema: "", name: "ecommerce_customers")] == 500)
        for file in files {
            let output = try ByteHaystack(contentsOf: folder + "/" + file)
            let original = try String(contentsOfFile: Self.people + file, encoding: .utf8)
            let emails = original.split(whereSeparator: { ",\r\n\"".contains($0) }).filter { $0.contains("@") }
            #expect(!emails.isEmpty)
            #expect(emails.allSatisfy { !output.contains(String($0)) }, "\(file)")
        }
        // A person in both patient files keeps one masked email (shared domain).
        let patients = try String(contentsOfFile: folder + "/patients.csv", encoding: .utf8)
        let notes = try String(contentsOfFile: folder + "/patients_notes.csv", encoding: .utf8)
        let sourcePatients = try String(contentsOfFile: Self.people + "patients.csv", encoding: .utf8)
        let sourceNotes = try String(contentsOfFile: Self.people + "patients_notes.csv", encoding: .utf8)
        let shared = Set(Self.emails(sourcePatients)).intersection(Self.emails(sourceNotes))
        if !shared.isEmpty {
            #expect(!Set(Self.emails(patients)).intersection(Self.emails(notes)).isEmpty)
        }
    }

    @Test(
        "live PostgreSQL (pagila restored) → SQLite masks exactly like the pagila dump, password never printed",
        .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
    func livePostgresToSQLite() throws {
        let database = try TestPostgres.createDatabase(prefix: "pagila_live")
        defer { TestPostgres.dropDatabase(database) }
        let dump = PackagePaths.fixture("pagila/pagila-pgdump.sql")
        #expect(try TestPostgres.restore(dump, into: database).status == 0)

        let scenario = Scenario()
        let profile = try scenario.writeProfile(base: "pagila.yaml", source: dump, target: "from-dump.sqlite")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        #expect(try scenario.veil(["run", profile, "--quiet"]).status == 0)
        let live = try scenario.veil([
            "run", profile, "--source", TestPostgres.url(database: database), "--target",
            scenario.directory.file("from-live.sqlite"),
        ])
        #expect(live.status == 0, "\(live.standardError)")
        let fromDump = scenario.directory.file("from-dump.sqlite")
        let fromLive = scenario.directory.file("from-live.sqlite")
        for table in ["customer", "staff", "address", "rental", "payment"] {
            #expect(try Self.count(table, in: fromLive) == Self.count(table, in: fromDump), "\(table)")
        }
        #expect(try Self.foreignKeyViolations(in: fromLive) == 0)
        #expect(
            Set(try Self.column("customer", "email", in: fromLive))
                == Set(try Self.column("customer", "email", in: fromDump)))

        // A password in the URL never reaches the output.
        let withPassword = TestPostgres.url(database: database).replacingOccurrences(
            of: "postgres@", with: "postgres:hunter2secret@")
        let liveDump = try scenario.veil([
            "run", profile, "--source", withPassword, "--target",
            scenario.directory.file("x.sql"),
        ])
        #expect(liveDump.status == 0, "\(liveDump.standardError)")
        #expect(!(liveDump.standardOutput + liveDump.standardError).contains("hunter2secret"))
        #expect(
            try !String(contentsOfFile: scenario.directory.file("x.sql"), encoding: .utf8).contains("hunter2secret"))
        let run = try scenario.veil([
            "run", profile, "--source", withPassword, "--target",
            scenario.directory.file("with-password.sqlite"),
        ])
        #expect(!(run.standardOutput + run.standardError).contains("hunter2secret"))
    }

    static func emails(_ csv: String) -> [String] {
        csv.split(whereSeparator: { ",\r\n\"".contains($0) }).filter { $0.contains("@") }.map(String.init)
    }
}
