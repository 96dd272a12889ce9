import Foundation
import SQLiteDriver
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// A PostgreSQL source's generated columns into SQLite and CSV targets (issue 15, item 9), from a live server, a
/// plain dump and a custom dump: every generated column is there, computed from the row as written — so from the
/// masked inputs, never copied from the source — and, over kept inputs, the very text PostgreSQL stored. An
/// expression Veil cannot translate is refused by `veil check` (and `veil run`), naming table and column.
@Suite(
    "generated columns of a PostgreSQL source into SQLite and CSV",
    .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
struct GeneratedColumnsEndToEndTests {
    static let firstNames = ["Zenobia", "Quirinus", "Ottoline", "Barnabas", "Philippa", "Ignatius"]
    static let lastNames = ["Quillfeather", "Marchbanks", "Thistlewood", "Ravensworth", "Applegarth", "Fennimore"]
    static let cities = ["Paris", "  Oslo ", "Lima", "Quito", "Bern", "Accra"]

    static var ddl: String {
        var rows: [String] = []
        for id in 1...12 {
            let first = firstNames[id % firstNames.count]
            let last = id == 5 ? "NULL" : "'\(lastNames[(id * 5) % lastNames.count])'"
            let city = cities[id % cities.count]
            let qty = id == 7 ? "NULL" : String(id * 3 - 4)
            rows.append("(\(id), '\(first)', \(last), '\(first.lowercased()).\(id)@Example.ORG', '\(city)', \(qty))")
        }
        return """
            CREATE TABLE public.people (
                id integer PRIMARY KEY,
                first_name character varying(40) NOT NULL,
                last_name text,
                email text,
                city text,
                qty integer,
                full_name text GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED,
                email_lower text GENERATED ALWAYS AS (lower(email)) STORED,
                city_code text GENERATED ALWAYS AS (upper(substr(trim(city), 1, 3)) || '-' || id::text) STORED,
                qty_band text GENERATED ALWAYS AS (
                    CASE WHEN qty > 10 THEN 'big' WHEN qty IS NULL THEN NULL ELSE 'small' END) STORED,
                total bigint GENERATED ALWAYS AS (qty * 3 + id / 2 - qty % 4) STORED,
                label text GENERATED ALWAYS AS (trim(city) || ':' || coalesce(left(last_name, 1), '?')) STORED
            );
            INSERT INTO public.people (id, first_name, last_name, email, city, qty) VALUES
            \(rows.joined(separator: ",\n")),
            (13, 'Ada', 'O''Hara', NULL, NULL, -9);
            """
    }

    static let tables = """

        tables:
          public.people:
            columns:
              id: keep
              first_name: fake.first_name
              last_name: fake.last_name
              email: fake.email
              city: keep
              qty: keep
        """

    static let generated = ["full_name", "email_lower", "city_code", "qty_band", "total", "label"]
    static let columns = ["id", "first_name", "last_name", "email", "city", "qty"] + generated

    /// The source's rows by id, every column as PostgreSQL prints it (`nil` for NULL).
    static func sourceRows(_ database: String) throws -> [String: [String?]] {
        let select = columns.map { "coalesce(\($0)::text, '<null>')" }.joined(separator: " || '|' || ")
        let text = try TestPostgres.psql(database: database, "SELECT \(select) FROM public.people ORDER BY id")
        var rows: [String: [String?]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0 == "<null>" ? nil : String($0)
            }
            rows[fields[0]!] = fields
        }
        return rows
    }

    /// Checks one output's rows (by id, in ``columns`` order): generated columns derived from the masked inputs as
    /// PostgreSQL would, none of the source's values over masked inputs, kept-over-kept ones as the source stored.
    static func verify(_ output: [String: [String?]], source: [String: [String?]], _ label: String) {
        #expect(output.count == 13, "\(label)")
        let sourceFullNames = Set(source.values.compactMap { $0[6] })
        let sourceEmails = Set(source.values.compactMap { $0[7] })
        for (id, row) in output {
            guard let original = source[id], row.count == columns.count else {
                Issue.record("\(label): row \(id) is missing from the source or has \(row.count) fields")
                continue
            }
            let (first, last, email, city) = (row[1], row[2], row[3], row[4])
            #expect(first != original[1], "\(label) row \(id): first_name is masked")
            #expect(email == nil || email != original[3], "\(label) row \(id): email is masked")
            // Over masked inputs: computed from the masked values...
            #expect(row[6] == (first.flatMap { f in last.map { "\(f) \($0)" } }), "\(label) row \(id) full_name")
            #expect(row[7] == email?.lowercased(), "\(label) row \(id) email_lower")
            let trimmed = city?.trimmingCharacters(in: .init(charactersIn: " "))
            #expect(
                row[11] == trimmed.map { "\($0):\(last?.first.map(String.init) ?? "?")" }, "\(label) row \(id) label")
            // ... and never the source's.
            #expect(row[6] == nil || !sourceFullNames.contains(row[6]!), "\(label) row \(id): a real full_name")
            #expect(row[7] == nil || !sourceEmails.contains(row[7]!), "\(label) row \(id): a real email_lower")
            // Over kept inputs: what PostgreSQL stored, byte for byte.
            for index in [0, 4, 5, 8, 9, 10] {
                #expect(row[index] == original[index], "\(label) row \(id) \(columns[index])")
            }
        }
    }

    /// The rows of the SQLite target's `people`, generated columns as stored (declared generated, STORED).
    static func sqliteRows(_ path: String) throws -> [String: [String?]] {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        let info = try connection.prepare("SELECT name, hidden FROM pragma_table_xinfo('people') ORDER BY cid")
        var hidden: [String: Int64] = [:]
        while let row = try info.step() { hidden[row.text(at: 0)] = row.int64(at: 1) }
        for column in generated { #expect(hidden[column] == 3, "\(path): \(column) is a STORED generated column") }
        let statement = try connection.prepare(
            "SELECT \(columns.map { "CAST(\($0) AS TEXT)" }.joined(separator: ", ")) FROM people")
        var rows: [String: [String?]] = [:]
        while let row = try statement.step() {
            let fields = (0..<row.columnCount).map { row.type(at: $0) == .null ? nil : row.text(at: $0) }
            rows[fields[0]!] = fields
        }
        return rows
    }

    /// The rows of the CSV target's `people.csv`, whose header must list every column in table order.
    static func csvRows(_ folder: String) throws -> [String: [String?]] {
        let texts = try TableTexts(reader: CSVReader(path: folder))
        let table = TableName(schema: "", name: "people")
        #expect(texts.columns[table] == columns, "\(folder)")
        var rows: [String: [String?]] = [:]
        for row in texts.rows[table] ?? [] { rows[row[0]!] = row }
        return rows
    }

    @Test("live, plain dump and custom dump → SQLite and CSV: generated columns from masked inputs, kept ones exact")
    func generatedColumnsFromEverySource() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_gencols")
        defer { TestPostgres.dropDatabase(database) }
        _ = try TestPostgres.psql(database: database, Self.ddl)
        let source = try Self.sourceRows(database)
        let scenario = Scenario()
        let pgDump = try #require(ProcessRunner.which("pg_dump"))
        let plain = scenario.directory.file("source.sql")
        let custom = scenario.directory.file("source.dump")
        for (file, format) in [(plain, "p"), (custom, "c")] {
            let dump = try ProcessRunner.run(pgDump, ["-F", format, "-f", file, TestPostgres.url(database: database)])
            #expect(dump.status == 0, "\(dump.standardError)")
        }
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: TestPostgres.url(database: database), target: "copy.sqlite",
            tables: Self.tables)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let check = try scenario.veil(["check", profile])
        #expect(check.status == 0, "\(check.standardError)")

        for (name, sourceText) in [
            ("live", TestPostgres.url(database: database)), ("plain", plain), ("custom", custom),
        ] {
            let sqlite = scenario.directory.file("\(name).sqlite")
            let folder = scenario.directory.file("\(name)-csv")
            for target in [sqlite, folder + "/"] {
                let run = try scenario.veil(["run", profile, "--quiet", "--source", sourceText, "--target", target])
                #expect(run.status == 0, "\(name) → \(target): \(run.standardError)")
            }
            Self.verify(try Self.sqliteRows(sqlite), source: source, "\(name) → SQLite")
            Self.verify(try Self.csvRows(folder), source: source, "\(name) → CSV")
        }
    }

    @Test("an expression Veil cannot translate: check and run refuse for SQLite and CSV, naming the column")
    func untranslatableIsRefused() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_gencols")
        defer { TestPostgres.dropDatabase(database) }
        _ = try TestPostgres.psql(
            database: database,
            """
            CREATE TABLE public.accounts (
                id integer PRIMARY KEY,
                login text,
                login_hash text GENERATED ALWAYS AS (md5(login)) STORED
            );
            INSERT INTO public.accounts (id, login) VALUES (1, 'zenobia'), (2, 'quirinus');
            """)
        let scenario = Scenario()
        let plain = scenario.directory.file("source.sql")
        let dump = try ProcessRunner.run(
            try #require(ProcessRunner.which("pg_dump")), ["-f", plain, TestPostgres.url(database: database)])
        #expect(dump.status == 0, "\(dump.standardError)")
        func accountsProfile(named name: String, loginHash: String) throws -> String {
            try scenario.writeProfile(
                named: name, base: "shop.yaml", source: TestPostgres.url(database: database), target: "copy.sqlite",
                tables: """

                    tables:
                      public.accounts:
                        columns:
                          id: keep
                          login: fake.username
                    \(loginHash)
                    """)
        }
        let profile = try accountsProfile(named: "profile.yaml", loginHash: "")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        for source in [TestPostgres.url(database: database), plain] {
            for target in ["copy.sqlite", "csv/"] {
                let check = try scenario.veil(
                    ["check", profile, "--against", source, "--target", scenario.directory.file(target)])
                #expect(check.status == 3, "\(target): \(check.standardOutput)\(check.standardError)")
                #expect(
                    check.standardError.contains("generated column public.accounts.login_hash cannot be computed"),
                    "\(check.standardError)")
                #expect(check.standardError.contains("the function md5"), "\(check.standardError)")
                #expect(check.standardError.contains(".sql or PostgreSQL target"), "\(check.standardError)")
                let run = try scenario.veil(
                    ["run", profile, "--quiet", "--source", source, "--target", scenario.directory.file(target)])
                #expect(run.status == 3, "\(target): \(run.standardError)")
                #expect(run.standardError.contains("public.accounts.login_hash"), "\(run.standardError)")
                #expect(!scenario.exists(target))
            }
            let toDump = try scenario.veil(
                ["check", profile, "--against", source, "--target", scenario.directory.file("copy.sql")])
            #expect(toDump.status == 0, "\(toDump.standardError)")
        }

        // The rule null fits: the column is there, NULL in every row.
        let nulled = try accountsProfile(named: "nulled.yaml", loginHash: "      login_hash: null")
        for source in [TestPostgres.url(database: database), plain] {
            for target in ["nulled.sqlite", "nulled-csv/"] {
                let path = scenario.directory.file(target)
                let check = try scenario.veil(["check", nulled, "--against", source, "--target", path])
                #expect(check.status == 0, "\(target): \(check.standardError)")
                let run = try scenario.veil(["run", nulled, "--quiet", "--source", source, "--target", path])
                #expect(run.status == 0, "\(target): \(run.standardError)")
            }
            let connection = try SQLiteConnection(path: scenario.directory.file("nulled.sqlite"), mode: .readOnly)
            let statement = try connection.prepare("SELECT count(*), count(login_hash) FROM accounts")
            let counts = try #require(try statement.step())
            #expect(counts.int64(at: 0) == 2 && counts.int64(at: 1) == 0)
            let csv = try String(contentsOfFile: scenario.directory.file("nulled-csv/accounts.csv"), encoding: .utf8)
            let lines = csv.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            #expect(lines.first == "id,login,login_hash", "\(csv)")
            #expect(lines.count == 3 && lines.dropFirst().allSatisfy { $0.hasSuffix(",") }, "\(csv)")
        }
    }
}
