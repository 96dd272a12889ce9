import Foundation
import VeilTestSupport

/// One SQLite seed through Veil: the generated file is scanned, the skeleton checked as written and confirmed,
/// then copied by every path a SQLite source feeds: `veil run` → `.sqlite`, `veil snapshot` of every row → `.sql`
/// (loaded back by `sqlite3 -bail`), `veil run` → CSV, and `veil run` → `.sql`, which Veil documents it refuses.
/// A SQLite or script output must hold the source's own schema, its row counts and AUTOINCREMENT counters, and
/// every kept value with its `typeof()`; a CSV output every kept value as Veil documents its rendering. No canary
/// may appear in any output, report, manifest, skeleton or log.
final class TortureSQLiteSeedRun: TortureFileRun {
    let database: TortureSQLiteDatabase
    let session: TortureSession
    private var source = ""
    private var sourceCounts: [String: Int] = [:]

    init(seed: UInt64, rowCap: Int) {
        database = TortureSQLiteDatabase(seed: seed, rowCap: rowCap)
        session = TortureSession(seed: seed, label: "sqlite")
    }

    func run() throws {
        let directory = session.directory
        source = directory.file("source.sqlite")
        directory.write(database.script, to: "source-script.sql")
        try TortureSQLiteOracle.build(database.script, at: source)
        sourceCounts = try TortureOracle.sqliteCounts(source)
        guard try session.scanAndConfirm(source) else { return finish() }
        try session.path("sqlite", ["run", "confirmed.yaml", "--target", "copy.sqlite"], output: "copy.sqlite") {
            try self.verifySQLite("sqlite", directory.file("copy.sqlite"))
        }
        try session.documentedRefusal(
            "run to .sql", ["run", "confirmed.yaml", "--target", "refused.sql"], output: "refused.sql")
        let confirmed = try String(contentsOfFile: directory.file("confirmed.yaml"), encoding: .utf8)
        let subset = database.tables.map { "  \(Self.yamlKey($0.name)): \"1 = 1\"\n" }.joined()
        directory.write(confirmed + "subset:\n" + subset, to: "everything.yaml")
        try session.path("script", ["snapshot", "everything.yaml", "--out", "copy.sql"], output: "copy.sql") {
            let loaded = directory.file("loaded.sqlite")
            guard let shell = ProcessRunner.which("sqlite3") else { throw TortureHarnessError("no sqlite3 shell") }
            let script = try String(contentsOfFile: directory.file("copy.sql"), encoding: .utf8)
            let load = try ProcessRunner.run(shell, ["-bail", loaded], input: script)
            guard load.status == 0, load.standardError.isEmpty else {
                return self.session.record("script: sqlite3 -bail does not load it: \(load.standardError)")
            }
            try self.verifySQLite("script", loaded)
        }
        try session.path("csv", ["run", "confirmed.yaml", "--target", "csv/"], output: "csv") {
            try self.verifyCSV(directory.file("csv"))
        }
        finish()
    }

    /// The canary search over every file but the source and its script, and over every value of the SQLite
    /// outputs (a card number stored as an integer is not its digits in the file's bytes).
    private func finish() {
        var texts: [(String, String)] = []
        for name in ["copy.sqlite", "loaded.sqlite"]
        where FileManager.default.fileExists(atPath: session.directory.file(name)) {
            if let text = try? TortureSQLiteOracle.everyValue(in: session.directory.file(name)) {
                texts.append(("the values of " + name, text))
            }
        }
        session.searchCanaries(database.canaries, excluded: ["source.sqlite", "source-script.sql"], texts: texts)
    }

    /// A table name as a profile key: a name holding a quote or a dot SQL-quoted (`"tab""quote"`), then as a YAML
    /// double-quoted scalar.
    static func yamlKey(_ name: String) -> String {
        let table = name.contains("\"") || name.contains(".") ? SQLText.quoted(name) : name
        return "\"" + table.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    /// The columns of `table` whose value must be the source's: kept, and for a generated column every column
    /// it reads kept too (SQLite recomputes it from the copied row).
    private func compared(_ table: TortureSQLiteTable) -> [String] {
        let kept = session.kept(table.name)
        return table.columns.filter { column in
            kept.contains(column) && (table.generatedInputs[column] ?? []).allSatisfy(kept.contains)
        }
    }

    /// A SQLite file (the copy, or the script loaded back): the source's schema objects as written, counters,
    /// row counts, integrity, and every compared column's values with their storage class.
    private func verifySQLite(_ name: String, _ path: String) throws {
        if try TortureSQLiteOracle.schema(of: path) != TortureSQLiteOracle.schema(of: source) {
            session.record("\(name): the schema is not the source's as written")
        }
        if try TortureSQLiteOracle.sequences(of: path) != TortureSQLiteOracle.sequences(of: source) {
            session.record("\(name): sqlite_sequence differs from the source's")
        }
        if try TortureSQLiteOracle.rows("PRAGMA integrity_check", in: path) != [[.text("ok")]] {
            session.record("\(name): PRAGMA integrity_check fails")
        }
        if try !TortureSQLiteOracle.rows("PRAGMA foreign_key_check", in: path).isEmpty {
            session.record("\(name): PRAGMA foreign_key_check finds broken foreign keys")
        }
        let counts = try TortureOracle.sqliteCounts(path)
        for table in database.tables {
            guard counts[table.name] == sourceCounts[table.name] else {
                session.record(
                    "\(name): \(table.name) has \(counts[table.name].map(String.init) ?? "no table") rows, the source "
                        + "\(sourceCounts[table.name] ?? 0)\n--- replay:\n\(table.replay)")
                continue
            }
            for column in compared(table) {
                var before = try TortureSQLiteOracle.column(column, of: table.name, in: source)
                var after = try TortureSQLiteOracle.column(column, of: table.name, in: path)
                if name == "script" {
                    before = before.map(\.roundedTiny).sorted { $0.sortKey < $1.sortKey }
                    after = after.map(\.roundedTiny).sorted { $0.sortKey < $1.sortKey }
                }
                session.comparedColumns[name, default: 0] += 1
                if before != after {
                    let difference =
                        zip(before, after).first { $0 != $1 }
                        .map { " (source \($0.0), copy \($0.1))" } ?? ""
                    session.record(
                        "\(name): \(table.name).\(column) is kept but its values or storage classes differ"
                            + "\(difference)\n--- replay:\n\(table.replay)")
                }
            }
        }
    }

    /// A CSV folder: one file per table with the table's columns (generated ones included) and its rows, every
    /// compared column as Veil renders the source's values.
    private func verifyCSV(_ folder: String) throws {
        for table in database.tables {
            let file = folder + "/" + table.name + ".csv"
            guard let data = FileManager.default.contents(atPath: file) else {
                session.record("csv: no file for \(table.name)")
                continue
            }
            let parsed: TortureCSVText.Table
            do {
                parsed = try TortureCSVText.parse(String(decoding: data, as: UTF8.self))
            } catch {
                session.record("csv: \(table.name).csv does not parse: \(error)")
                continue
            }
            if parsed.header != table.columns {
                session.record("csv: \(table.name).csv has the header \(parsed.header), the table \(table.columns)")
                continue
            }
            guard parsed.rows.count == sourceCounts[table.name] else {
                session.record(
                    "csv: \(table.name).csv has \(parsed.rows.count) rows, the source \(sourceCounts[table.name] ?? 0)")
                continue
            }
            for column in compared(table) {
                let index = table.columns.firstIndex(of: column)!
                let values = try TortureSQLiteOracle.column(column, of: table.name, in: source)
                session.comparedColumns["csv", default: 0] += 1
                if !TortureCSVText.holds(parsed.rows.map { $0[index] }, values) {
                    session.record(
                        "csv: \(table.name).\(column) is kept but its fields are not the source's values as rendered"
                            + "\n--- replay:\n\(table.replay)")
                }
            }
        }
    }
}
