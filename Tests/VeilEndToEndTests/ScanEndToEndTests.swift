import Foundation
import SQLiteDriver
import Testing
import VeilTestSupport

/// `veil scan` with the real binary: a skeleton that `veil check` accepts, that `veil run` refuses until its
/// `review:` markers are removed and then runs clean (`leak_check: fail`), that masks the people columns, and
/// that holds no sampled value.
@Suite("veil scan end to end")
struct ScanEndToEndTests {
    static let pagila = PackagePaths.fixture("pagila/pagila-pgdump.sql")
    static let chinook = PackagePaths.fixture("chinook/Chinook_Sqlite.sqlite")

    /// Runs `veil` in the scenario's directory (the skeleton's `.veil/keys` and `out/` paths are relative).
    static func veil(_ scenario: Scenario, _ arguments: [String]) throws -> ProcessOutcome {
        try VeilBinary.run(arguments, environment: scenario.environment, in: scenario.directory.path)
    }

    /// The rule text written for `table`'s `column` (`keep`, `{ rule: email, ... }`), or nil.
    static func rule(_ yaml: String, table: String, column: String) -> String? {
        var inTable = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  ") && !line.hasPrefix("   ") && !line.hasPrefix("  #") {
                let key = line.dropFirst(2).dropLast().trimmingCharacters(in: .whitespaces)
                inTable = key == table || key == "\"\(table)\""
                continue
            }
            let prefix = "      \(column): "
            if inTable, line.hasPrefix(prefix) { return String(line.dropFirst(prefix.count)) }
        }
        return nil
    }

    /// The skeleton with every `review:` marker removed: every suggestion confirmed as it stands.
    static func confirmed(_ yaml: String) throws -> String {
        let marker = try NSRegularExpression(pattern: #", review: "(?:[^"\\]|\\.)*""#)
        return marker.stringByReplacingMatches(
            in: yaml, range: NSRange(yaml.startIndex..., in: yaml), withTemplate: "")
    }

    /// Scans `source`, checks, refuses to run with markers, runs clean once confirmed; returns the skeleton text.
    static func scanCheckAndRun(
        _ scenario: Scenario, source: String, output: String
    ) throws -> String {
        let scan = try veil(scenario, ["scan", source, "--out", "skeleton.yaml"])
        #expect(scan.status == 0, "\(scan.standardError)")
        let yaml = try String(contentsOfFile: scenario.directory.file("skeleton.yaml"), encoding: .utf8)
        #expect(yaml.contains("version: 1") && yaml.contains("leak_check: fail") && yaml.contains("review: "))
        #expect(try veil(scenario, ["keys", "init", "skeleton.yaml"]).status == 0)

        // The skeleton's schema is locked beside it, so the first `veil check` already guards against drift.
        #expect(scenario.exists("skeleton.lock"))
        let check = try veil(scenario, ["check", "skeleton.yaml"])
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardOutput.contains("no drift"), "\(check.standardOutput)")
        let toConfirm = check.standardOutput.split(separator: "\n").filter { $0.hasPrefix("to confirm: ") }
        #expect(toConfirm.count == yaml.components(separatedBy: "review: ").count - 1)

        let refused = try veil(scenario, ["run", "skeleton.yaml", "--quiet"])
        #expect(refused.status == 3)
        #expect(refused.standardError.contains("remove `review:` after checking the rule"))
        #expect(!scenario.exists(output))
        #expect(!FileManager.default.fileExists(atPath: scenario.directory.file("out")))

        // Confirmed as suggested, the skeleton runs with its own `leak_check: fail` and finds no leak.
        let confirmedYAML = try confirmed(yaml)
        #expect(confirmedYAML.contains("leak_check: fail"))
        scenario.directory.write(confirmedYAML, to: "confirmed.yaml")
        let recheck = try veil(scenario, ["check", "confirmed.yaml"])
        #expect(recheck.status == 0, "\(recheck.standardError)")
        #expect(!recheck.standardOutput.contains("to confirm:"))
        let run = try veil(scenario, ["run", "confirmed.yaml", "--quiet", "--report", "report.json"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(scenario.exists(output))
        let report =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: scenario.directory.file("report.json")))) as? [String: Any]
        #expect(report?["leaksFound"] as? Int == 0, "\(report?["leaks"] ?? [:])")
        return yaml
    }

    /// Sampled values that must never be in the skeleton: text of four or more characters, numbers of eight or more.
    static func assertNoValue(_ values: [String], in yaml: String) {
        let distinctive = Set(values).filter { value in
            Double(value) == nil ? value.count >= 4 : value.count >= 8
        }
        #expect(distinctive.count > 100)
        let found = distinctive.filter { yaml.contains($0) }
        #expect(found.isEmpty, "\(found.count) sampled values are in the skeleton")
    }

    @Test("pagila dump: check accepts the skeleton, run refuses until confirmed, then runs clean; no value leaks in")
    func pagilaDump() throws {
        let scenario = Scenario()
        let yaml = try Self.scanCheckAndRun(
            scenario, source: Self.pagila, output: "out/pagila-pgdump-masked.sql"
        )
        for (table, columns) in [
            ("customer", ["email", "first_name", "last_name"]), ("staff", ["email", "first_name", "last_name"]),
            ("address", ["address", "phone"]),
        ] {
            for column in columns {
                let rule = try #require(Self.rule(yaml, table: table, column: column), "\(table).\(column)")
                #expect(!rule.hasPrefix("keep"), "\(table).\(column): \(rule)")
            }
        }
        #expect(Self.rule(yaml, table: "customer", column: "customer_id") == "keep")
        #expect(yaml.contains("# payment_p2022_01: a partition of payment"))
        var values: [String] = []
        for (table, columns) in [
            ("public.customer", ["first_name", "last_name", "email"]),
            ("public.staff", ["first_name", "last_name", "email", "username", "password"]),
            ("public.address", ["address", "address2", "postal_code", "phone"]),
        ] {
            values += try DumpValues.values(in: Self.pagila, table: table, columns: columns)
        }
        Self.assertNoValue(values, in: yaml)
    }

    @Test("chinook SQLite: the people columns are masked, check accepts, run refuses then runs clean")
    func chinookFile() throws {
        let scenario = Scenario()
        let yaml = try Self.scanCheckAndRun(
            scenario, source: Self.chinook, output: "out/Chinook_Sqlite-masked.sqlite")
        for table in ["Customer", "Employee"] {
            for column in ["FirstName", "LastName", "Email", "Phone", "Address"] {
                let rule = try #require(Self.rule(yaml, table: table, column: column), "\(table).\(column)")
                #expect(!rule.hasPrefix("keep"), "\(table).\(column): \(rule)")
            }
        }
        #expect(Self.rule(yaml, table: "Customer", column: "CustomerId") == "keep")
        let connection = try SQLiteConnection(path: Self.chinook, mode: .readOnly)
        var values: [String] = []
        for table in ["Customer", "Employee"] {
            for column in ["FirstName", "LastName", "Email", "Phone", "Address", "PostalCode"] {
                let statement = try connection.prepare("SELECT \"\(column)\" FROM \"\(table)\"")
                while let row = try statement.step() { if let text = row.optionalText(at: 0) { values.append(text) } }
            }
        }
        Self.assertNoValue(values, in: yaml)
    }

    @Test(
        "live pagila: scanned through postgresql://, same skeleton checks and runs",
        .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
    func pagilaLive() throws {
        let database = try TestPostgres.createDatabase(prefix: "pagila_scan")
        defer { TestPostgres.dropDatabase(database) }
        let restored = try TestPostgres.restore(Self.pagila, into: database)
        #expect(restored.status == 0, "\(restored.standardError)")
        let scenario = Scenario()
        let yaml = try Self.scanCheckAndRun(
            scenario, source: TestPostgres.url(database: database), output: "out/\(database)-masked.sqlite")
        for (table, column) in [("customer", "email"), ("staff", "last_name"), ("address", "phone")] {
            let rule = try #require(Self.rule(yaml, table: table, column: column))
            #expect(!rule.hasPrefix("keep"), "\(table).\(column): \(rule)")
        }
        let emails = try TestPostgres.psql(database: database, "SELECT email FROM customer LIMIT 1000")
        Self.assertNoValue(emails.split(separator: "\n").map(String.init), in: yaml)
    }

    @Test("--out writes mode 0600 and refuses to replace a file without --force; stdout gets the same YAML")
    func outFile() throws {
        let scenario = Scenario()
        let first = try Self.veil(scenario, ["scan", Self.chinook, "--out", "skeleton.yaml", "--sample", "20"])
        #expect(first.status == 0, "\(first.standardError)")
        let path = scenario.directory.file("skeleton.yaml")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        scenario.directory.write("mine", to: "skeleton.yaml")
        let refused = try Self.veil(scenario, ["scan", Self.chinook, "--out", "skeleton.yaml"])
        #expect(refused.status == 73)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine")
        let forced = try Self.veil(
            scenario, ["scan", Self.chinook, "--out", "skeleton.yaml", "--force", "--sample", "20"])
        #expect(forced.status == 0)
        let printed = try Self.veil(scenario, ["scan", Self.chinook, "--sample", "20"])
        #expect(printed.status == 0)
        #expect(printed.standardOutput == (try String(contentsOfFile: path, encoding: .utf8)))
    }
}
