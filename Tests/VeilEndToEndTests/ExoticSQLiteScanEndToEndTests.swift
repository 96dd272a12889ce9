import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// The exotic SQLite source (STRICT and WITHOUT ROWID tables, untyped and oddly typed columns holding other storage
/// classes, ±inf, blobs, generated columns, views and triggers) through `veil scan`: its skeleton passes `veil check`
/// as written, and accepted as it is, every output a SQLite source feeds (`.sqlite`, a CSV folder, a `.sql` script)
/// loads completely, with every value of every kept column identical, storage class (`typeof()`) included.
@Suite("exotic SQLite through scan and every output")
struct ExoticSQLiteScanEndToEndTests {
    /// The confirmed skeleton's kept columns of `table`, among the source's own columns.
    static func keptColumns(_ yaml: String, table: String, source: String) throws -> [String] {
        let quoted = table.replacingOccurrences(of: "\"", with: "\"\"")
        let columns = try StoredValues.rows(
            "SELECT name FROM pragma_table_xinfo('\(quoted.replacingOccurrences(of: "'", with: "''"))') WHERE hidden = 0",
            in: source)
        return columns.compactMap { row in
            guard case .text(let name) = row.first else { return nil }
            let plain = ScanEndToEndTests.rule(yaml, table: table, column: name)
            let escaped = ScanEndToEndTests.rule(yaml, table: table, column: "\"\(name)\"")
            return (plain ?? escaped) == "keep" ? name : nil
        }
    }

    @Test("scan → check as written → confirmed: .sqlite, CSV and .sql outputs load completely, kept values exact")
    func scannedSkeletonEveryOutput() throws {
        let scenario = Scenario()
        let source = scenario.directory.file("exotic.sqlite")
        try ExoticSQLite.create(at: source)
        let scan = try ScanEndToEndTests.veil(scenario, ["scan", source, "--out", "skeleton.yaml"])
        #expect(scan.status == 0, "\(scan.standardError)")
        let yaml = try String(contentsOfFile: scenario.directory.file("skeleton.yaml"), encoding: .utf8)
        #expect(try ScanEndToEndTests.veil(scenario, ["keys", "init", "skeleton.yaml"]).status == 0)
        let check = try ScanEndToEndTests.veil(scenario, ["check", "skeleton.yaml"])
        #expect(check.status == 0, "the skeleton does not pass check as written: \(check.standardError)")
        let confirmed = try ScanEndToEndTests.confirmed(yaml)
        scenario.directory.write(confirmed, to: "confirmed.yaml")

        let tables = try StoredValues.rows(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            in: source
        ).compactMap { row -> String? in
            if case .text(let name) = row.first { return name }
            return nil
        }
        #expect(tables.count >= 4)

        // .sqlite: every row, every kept value with its storage class.
        let copy = scenario.directory.file("copy.sqlite")
        let toSQLite = try ScanEndToEndTests.veil(scenario, ["run", "confirmed.yaml", "--target", copy, "--quiet"])
        #expect(toSQLite.status == 0, "\(toSQLite.standardError)")
        // .sql: a snapshot of every table whose name YAML can quote plainly, as a SQLite-dialect script the sqlite3
        // shell loads without an error.
        let rooted = tables.filter { !$0.contains("\"") }
        let subset = "subset:\n" + rooted.map { "  \"\($0)\": \"1 = 1\"" }.joined(separator: "\n") + "\n"
        scenario.directory.write(
            confirmed.replacingOccurrences(of: "\ntables:", with: "\n" + subset + "tables:"), to: "snap.yaml")
        let script = scenario.directory.file("copy.sql")
        let toScript = try ScanEndToEndTests.veil(scenario, ["snapshot", "snap.yaml", "--out", script, "--quiet"])
        #expect(toScript.status == 0, "\(toScript.standardError)")
        let loaded = scenario.directory.file("loaded.sqlite")
        if toScript.status == 0 {
            let load = try ProcessRunner.run(
                try #require(ProcessRunner.which("sqlite3")), ["-bail", loaded],
                input: try String(contentsOfFile: script, encoding: .utf8))
            #expect(load.status == 0 && load.standardError.isEmpty, "\(load.standardError)")
        }
        var comparedColumns = 0
        for (output, compared) in [(copy, tables), (loaded, rooted)]
        where FileManager.default.fileExists(atPath: output) {
            for table in compared {
                let kept = try Self.keptColumns(confirmed, table: table, source: source)
                let count = "SELECT count(*) FROM \"\(table.replacingOccurrences(of: "\"", with: "\"\""))\""
                #expect(try StoredValues.rows(count, in: output) == StoredValues.rows(count, in: source), "\(table)")
                comparedColumns += kept.count
                guard !kept.isEmpty else { continue }
                #expect(
                    try StoredValues.table(table, columns: kept, in: output)
                        == StoredValues.table(table, columns: kept, in: source),
                    "\(table) \(kept) in \(output)")
            }
        }

        // The skeleton keeps most of this fixture's columns (odd types, blobs, ±inf): they were all compared.
        #expect(comparedColumns >= 20, "\(comparedColumns) kept columns compared")

        // CSV: every file reads back with every row.
        let folder = scenario.directory.file("csv")
        let toCSV = try ScanEndToEndTests.veil(
            scenario, ["run", "confirmed.yaml", "--target", folder + "/", "--quiet"])
        #expect(toCSV.status == 0, "\(toCSV.standardError)")
        if toCSV.status == 0 {
            let output = try TableTexts(reader: CSVReader(path: folder))
            let original = try TableTexts(reader: SQLiteReader(path: source))
            for table in original.rows.keys {
                #expect(output.rows[table]?.count == original.rows[table]?.count, "\(table)")
            }
        }
    }
}
