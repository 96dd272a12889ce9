import Foundation
import SQLiteDriver
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// A SQLite source of STRICT and WITHOUT ROWID tables, untyped and oddly typed columns holding other storage classes,
/// ±inf, blobs, integers past 2^53, generated columns, CHECK, cascading and deferrable foreign keys, partial and
/// expression indexes, a view, a trigger, quoted and unicode names (`Fixtures/exotic-sqlite/make-fixture.sql`),
/// masked into every target a SQLite source feeds: every kept value identical with its `typeof()`, every output
/// loading completely.
@Suite("SQLite fidelity end to end (issue 15, items 7-10)")
struct SQLiteFidelityEndToEndTests {
    static let tables = """
        tables:
          "Kunden ü":
            columns:
              id: keep
              E-Mail: { rule: fake.email, domain: person.email }
              anything: keep
              notes: keep
              amount: keep
              score: keep
              big: keep
              odd: keep
              flag: keep
          orders: keep
          measures: keep
          tickets: keep
          '"tab""quote"': keep

        """

    /// The source database, built by the sqlite3 shell from the fixture script, and a scenario around it.
    static func makeSource() throws -> (scenario: Scenario, source: String) {
        let scenario = Scenario()
        let source = scenario.directory.file("exotic.sqlite")
        try ExoticSQLite.create(at: source)
        return (scenario, source)
    }

    @Test("SQLite → SQLite: the source's own DDL, every kept value and its typeof(), generated columns regenerated")
    func sqliteToSQLite() throws {
        let (scenario, source) = try Self.makeSource()
        let profile = try scenario.writeProfile(
            base: "chinook.yaml", source: source, target: "masked.sqlite", tables: Self.tables)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let output = scenario.directory.file("masked.sqlite")
        guard run.status == 0 else { return }

        // Item 10: the schema is the source's own, object for object, as written.
        #expect(try StoredValues.schema(of: output) == StoredValues.schema(of: source))
        #expect(try StoredValues.rows("PRAGMA integrity_check", in: output) == [[.text("ok")]])
        #expect(try StoredValues.rows("PRAGMA foreign_key_check", in: output).isEmpty)

        // Item 7: every kept value is the same value with the same storage class.
        let kept: [(table: String, columns: [String])] = [
            ("Kunden ü", ["id", "anything", "notes", "amount", "score", "big", "odd", "flag", "big_next"]),
            ("orders", ["order_id", "line", "kunde", "total"]),
            ("measures", ["id", "value", "label", "raw", "n", "anyv"]),
            ("tab\"quote", ["名前", "wert 2"]),
        ]
        for (table, columns) in kept {
            let expected = try StoredValues.table(table, columns: columns, in: source)
            #expect(expected.count >= 3)
            #expect(try StoredValues.table(table, columns: columns, in: output) == expected, "\(table)")
        }
        // AUTOINCREMENT counters as the source's (ids 3 and 4 were deleted there: the next id is still 5).
        let counters = "SELECT name, seq FROM sqlite_sequence ORDER BY name"
        #expect(try StoredValues.rows(counters, in: source) == [[.text("tickets"), .integer(4)]])
        #expect(try StoredValues.rows(counters, in: output) == StoredValues.rows(counters, in: source))
        // The trigger was created after the rows: copying the orders did not count them again.
        #expect(try StoredValues.rows("SELECT n FROM measures WHERE id = 1", in: output) == [[.integer(0)]])

        // The masked email changed in every row; the generated column follows the masked value (item 9).
        let emails = try StoredValues.rows(
            "SELECT \"E-Mail\", email_lower, lower(\"E-Mail\") FROM \"Kunden ü\" ORDER BY id", in: output)
        let originals = try StoredValues.rows("SELECT \"E-Mail\" FROM \"Kunden ü\" ORDER BY id", in: source)
        #expect(emails.count == 10)
        for (row, original) in zip(emails, originals) {
            #expect(row[0] != original[0])
            #expect(row[1] == row[2])
        }
    }

    @Test("SQLite → .sql snapshot: sqlite3 loads it completely, ±inf in STRICT REAL columns, every value and typeof()")
    func sqliteToScript() throws {
        let (scenario, source) = try Self.makeSource()
        let subset = """
            subset:
              "Kunden ü": "1 = 1"
              measures: "1 = 1"
              orders: "1 = 1"
            """
        let profile = try scenario.writeProfile(
            base: "chinook.yaml", source: source, target: "masked.sql", tables: subset + "\n" + Self.tables)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let script = scenario.directory.file("masked.sql")
        let snapshot = try scenario.veil(["snapshot", profile, "--out", script, "--quiet"])
        #expect(snapshot.status == 0, "\(snapshot.standardError)")
        guard snapshot.status == 0 else { return }

        let loaded = scenario.directory.file("loaded.sqlite")
        let load = try ProcessRunner.run(
            try #require(ProcessRunner.which("sqlite3")), ["-bail", loaded],
            input: try String(contentsOfFile: script, encoding: .utf8))
        #expect(load.status == 0, "\(load.standardError)")
        #expect(load.standardError.isEmpty, "\(load.standardError)")
        #expect(try StoredValues.schema(of: loaded) == StoredValues.schema(of: source))
        let counters = "SELECT name, seq FROM sqlite_sequence ORDER BY name"
        #expect(try StoredValues.rows(counters, in: loaded) == StoredValues.rows(counters, in: source))
        for (table, columns) in [
            ("Kunden ü", ["id", "anything", "notes", "amount", "score", "big", "odd", "flag", "big_next"]),
            ("orders", ["order_id", "line", "kunde", "total"]),
            ("measures", ["id", "value", "label", "raw", "n", "anyv"]),
        ] {
            let expected = try StoredValues.table(table, columns: columns, in: source)
            #expect(try StoredValues.table(table, columns: columns, in: loaded) == expected, "\(table)")
        }
    }

    @Test("SQLite → CSV: generated columns written, computed from the masked row; kept values as the reader renders")
    func sqliteToCSV() throws {
        let (scenario, source) = try Self.makeSource()
        let profile = try scenario.writeProfile(
            base: "chinook.yaml", source: source, target: "masked/", tables: Self.tables)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        guard run.status == 0 else { return }
        let folder = scenario.directory.file("masked")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files == ["Kunden ü.csv", "measures.csv", "orders.csv", "tab\"quote.csv", "tickets.csv"])

        let output = try TableTexts(reader: CSVReader(path: folder))
        let original = try TableTexts(reader: SQLiteReader(path: source))
        let kunden = TableName(schema: "", name: "Kunden ü")
        #expect(
            output.columns[kunden] == [
                "id", "E-Mail", "anything", "notes", "amount", "score", "big", "odd", "flag", "email_lower", "big_next",
            ])
        #expect(output.rows[kunden]?.count == 10)
        for table in original.rows.keys {
            let columns = original.columns[table] ?? []
            #expect(output.rows[table]?.count == original.rows[table]?.count, "\(table)")
            for (index, column) in columns.enumerated() where column != "E-Mail" {
                let outputIndex = try #require(output.columns[table]?.firstIndex(of: column), "\(table).\(column)")
                #expect(
                    output.rows[table]?.map { $0[outputIndex] } == original.rows[table]?.map { $0[index] },
                    "\(table).\(column)")
            }
        }
        // Generated columns: email_lower is lower() of the masked email in the same row; big_next is big + 1.
        // No source email, lower-cased or not, reaches email_lower (issue 15, item 9: derived from masked inputs).
        let rows = output.rows[kunden] ?? []
        let sourceEmails = try StoredValues.rows("SELECT \"E-Mail\", email_lower FROM \"Kunden ü\"", in: source)
            .flatMap { $0 }.compactMap { value -> String? in if case .text(let text) = value { text } else { nil } }
        #expect(sourceEmails.count >= 10)
        for row in rows {
            #expect(row[9] == row[1]?.lowercased())
            #expect(row[9].map { !sourceEmails.contains($0) } ?? true, "a source email in email_lower")
            if let big = row[6].flatMap({ Int64($0) }), big < Int64.max {
                #expect(row[10] == String(big + 1))
            }
        }
        #expect(rows.contains { $0[10] == "9007199254740994" })
    }
}

/// Builds the exotic SQLite source with the sqlite3 shell.
enum ExoticSQLite {
    static func create(at path: String) throws {
        let script = try String(
            contentsOfFile: PackagePaths.fixture("exotic-sqlite/make-fixture.sql"), encoding: .utf8)
        let shell = try #require(ProcessRunner.which("sqlite3"), "the sqlite3 shell builds the fixture")
        let outcome = try ProcessRunner.run(shell, ["-bail", path], input: script)
        #expect(outcome.status == 0, "\(outcome.standardError)")
    }
}

/// Every table's columns and rows as text, read through a Veil reader (fields as the reader renders them).
struct TableTexts {
    var columns: [TableName: [String]] = [:]
    var rows: [TableName: [[String?]]] = [:]

    init(reader: RowSource) throws {
        while let item = try reader.next() {
            switch item {
            case .beginTable(let data): columns[data.table] = data.columns
            case .rows(let batch): rows[batch.table, default: []] += batch.rows
            default: break
            }
        }
    }
}

/// Values read from a SQLite file with their storage class, compared exactly (reals by their bits).
enum StoredValues {
    enum Value: Hashable, CustomStringConvertible {
        case null
        case integer(Int64)
        case real(UInt64)
        case text(String)
        case blob([UInt8])

        var description: String {
            switch self {
            case .null: "NULL"
            case .integer(let value): "integer \(value)"
            case .real(let bits): "real \(Double(bitPattern: bits))"
            case .text(let text): "text '\(text)'"
            case .blob(let bytes): "blob \(bytes)"
            }
        }
    }

    /// Every row of `sql` on the file at `path`.
    static func rows(_ sql: String, in path: String) throws -> [[Value]] {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        let statement = try connection.prepare(sql)
        var rows: [[Value]] = []
        while let row = try statement.step() {
            rows.append(
                (0..<row.columnCount).map { index in
                    switch row.type(at: index) {
                    case .null: .null
                    case .integer: .integer(row.int64(at: index))
                    case .real: .real(row.double(at: index).bitPattern)
                    case .text: .text(row.text(at: index))
                    case .blob: .blob(row.blob(at: index))
                    }
                })
        }
        return rows
    }

    /// `columns` of every row of `table`, in the order of its first column (a key in every fixture table) and rowid.
    static func table(_ table: String, columns: [String], in path: String) throws -> [[Value]] {
        let quoted = columns.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let name = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        return try rows(
            "SELECT \(quoted.joined(separator: ", ")) FROM \(name) ORDER BY \(quoted.joined(separator: ", "))",
            in: path)
    }

    /// Every object of `sqlite_schema` (type, name, table, SQL as written), sorted.
    static func schema(of path: String) throws -> [[Value]] {
        try rows("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name", in: path)
    }
}
