import Foundation
import SQLiteDriver
import Testing
import VeilTestSupport

/// `veil verify` pairs output rows with source rows by key, never by position, and recomputes each paired row's
/// expected output: a snapshot (a subset) and an output of a differently ordered source verify clean; a planted
/// original is a leak, a planted wrong value is unexpected; a table without a key is reported unpaired.
@Suite("Keyed verification end to end")
struct KeyedVerificationEndToEndTests {
    /// A SQLite source whose rows are built so that position pairing goes wrong: row `a`'s original code is what row
    /// `b`'s code masks to (learned from a first run), so wherever row `b`'s output lands at row `a`'s position, an
    /// output equals "its own row's" original. `notes` has no key.
    struct TwistedSource {
        let scenario = Scenario()
        let profile: String
        let source: String
        /// Row `b`'s original code, and what it masks to (row `a`'s original code).
        let code = "4111111111"
        let maskedCode: String

        init(extraColumns: String = "") throws {
            let learning = scenario.directory.file("learn.sqlite")
            try Self.create(learning, rows: [("b", "4111111111")])
            profile = try scenario.writeProfile(
                base: "chinook.yaml", source: learning, target: "learned.sqlite", tables: Self.tables)
            #expect(try scenario.veil(["keys", "init", profile]).status == 0)
            let learned = try scenario.veil(["run", profile, "--quiet"])
            #expect(learned.status == 0, "\(learned.standardError)")
            maskedCode = try #require(
                try SnapshotEndToEndTests.rows(
                    "SELECT code FROM people WHERE id = 'b'", in: scenario.directory.file("learned.sqlite")
                ).first?.first ?? nil)
            #expect(maskedCode != code)
            source = scenario.directory.file("source.sqlite")
            try Self.create(source, rows: [("a", maskedCode), ("b", code)])
            try scenario.writeProfile(
                base: "chinook.yaml", source: source, target: "masked.sqlite", tables: Self.tables)
        }

        static let tables = """

            tables:
              people:
                columns:
                  id: keep
                  code: fpe
                  nickname: keep
              notes:
                columns:
                  body: { rule: hmac, format: hex, length: 16 }
            """

        /// A source with `rows` (id, code) inserted in this order (a TEXT key: SQLite reads them back in this order).
        static func create(_ path: String, rows: [(String, String)]) throws {
            let connection = try SQLiteConnection(path: path, mode: .create)
            try connection.execute(
                """
                CREATE TABLE people (id TEXT PRIMARY KEY, code TEXT NOT NULL, nickname TEXT);
                CREATE TABLE notes (body TEXT);
                INSERT INTO notes VALUES ('first note body'), ('second note body');
                """)
            for (id, code) in rows {
                try connection.execute("INSERT INTO people VALUES ('\(id)', '\(code)', 'nick \(id)')")
            }
        }

        func verify(_ arguments: [String] = [], environment: [String: String] = [:]) throws
            -> (outcome: ProcessOutcome, report: [String: Any])
        {
            let report = scenario.directory.file("verify-\(UUID().uuidString).json")
            let outcome = try scenario.veil(
                ["verify", profile, "--report", report] + arguments, environment: environment)
            let json = (try? LeakVerificationEndToEndTests.reportJSON(report)) ?? [:]
            return (outcome, json)
        }
    }

    @Test("a snapshot (a subset: output row n is not source row n) verifies clean, paired by key")
    func snapshotOfSQLite() throws {
        let twisted = try TwistedSource()
        let scenario = twisted.scenario
        let profile = try scenario.writeProfile(
            base: "chinook.yaml", source: twisted.source, target: "masked.sqlite",
            tables: TwistedSource.tables + "\nsubset:\n  people: \"id = 'b'\"\n")
        let out = scenario.directory.file("snapshot.sqlite")
        let snapshot = try scenario.veil(["snapshot", profile, "--out", out, "--quiet"])
        #expect(snapshot.status == 0, "\(snapshot.standardError)")
        #expect(try SnapshotEndToEndTests.rows("SELECT id FROM people", in: out) == [["b"]])

        let (verify, json) = try twisted.verify(["--target", out])
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
        #expect(json["leaksFound"] as? Int == 0)
        #expect(json["unexpectedFound"] as? Int == 0)
        #expect(json["pairedRows"] as? [String: Int] == ["people": 1])
        #expect(json["pairedTables"] as? [String: [String]] == ["people": ["id"]])
        #expect(!(verify.standardOutput + verify.standardError).contains(twisted.code))
    }

    @Test("an output verified against a source with the same rows in another order is clean (--source)")
    func reorderedSource() throws {
        let twisted = try TwistedSource()
        let scenario = twisted.scenario
        let run = try scenario.veil(["run", twisted.profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let reversed = scenario.directory.file("reversed.sqlite")
        try TwistedSource.create(reversed, rows: [("b", twisted.code), ("a", twisted.maskedCode)])

        let (verify, json) = try twisted.verify(["--source", reversed])
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
        #expect(json["source"] as? String == reversed)
        #expect(json["leaksFound"] as? Int == 0)
        #expect(json["unexpectedFound"] as? Int == 0)
        #expect(json["pairedRows"] as? [String: Int] == ["people": 2])
    }

    @Test("a planted own original is a leak; a planted masked-looking wrong value is unexpected; never printed")
    func plantedValues() throws {
        let twisted = try TwistedSource()
        let scenario = twisted.scenario
        #expect(try scenario.veil(["run", twisted.profile, "--quiet"]).status == 0)
        let output = scenario.directory.file("masked.sqlite")
        let clean = try twisted.verify()
        #expect(clean.outcome.status == 0, "\(clean.outcome.standardOutput)\(clean.outcome.standardError)")
        let aOutput = try #require(
            try SnapshotEndToEndTests.rows("SELECT code FROM people WHERE id = 'a'", in: output).first?.first ?? nil)

        try SQLiteConnection(path: output, mode: .readWrite).execute(
            "UPDATE people SET code = '\(twisted.code)' WHERE id = 'b'")
        let leaked = try twisted.verify()
        #expect(leaked.outcome.status == 2)
        #expect(leaked.report["leaks"] as? [String: Int] == ["people.code": 1])
        #expect(leaked.report["unexpected"] as? [String: Int] == ["people.code": 1])
        #expect(leaked.outcome.standardOutput.contains("leak: people.code: 1 field(s)"))

        // Row a's masked code in row b: looks masked, is no original of row b, but is not what b masks to.
        try SQLiteConnection(path: output, mode: .readWrite).execute(
            "UPDATE people SET code = '\(aOutput)' WHERE id = 'b'")
        let wrong = try twisted.verify()
        #expect(wrong.outcome.status == 2)
        #expect(wrong.report["status"] as? String == "unexpected")
        #expect(wrong.report["leaksFound"] as? Int == 0)
        #expect(wrong.report["unexpected"] as? [String: Int] == ["people.code": 1])
        #expect(wrong.outcome.standardOutput.contains("unexpected: people.code: 1 field(s)"))
        for text in [leaked.outcome.standardOutput, leaked.outcome.standardError, wrong.outcome.standardOutput] {
            #expect(!text.contains(twisted.code) && !text.contains(aOutput))
        }
    }

    @Test("a table without a primary or unique key is reported unpaired; without keys only the scan runs")
    func unpairedAndKeyless() throws {
        let twisted = try TwistedSource()
        let scenario = twisted.scenario
        #expect(try scenario.veil(["run", twisted.profile, "--quiet"]).status == 0)
        let (verify, json) = try twisted.verify()
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
        #expect(json["unpairedTables"] as? [String] == ["notes"])
        #expect((json["unpairedReasons"] as? [String: String])?["notes"] == "no primary key or NOT NULL unique key")
        #expect(verify.standardOutput.contains("unpaired: notes: no primary key"))
        #expect(json["recompute"] as? String == "done")

        let locked = try twisted.verify(environment: ["VEIL_PASSPHRASE": "not the passphrase"])
        #expect(locked.outcome.status == 0, "\(locked.outcome.standardOutput)\(locked.outcome.standardError)")
        #expect((locked.report["recompute"] as? String)?.hasPrefix("skipped: the key store cannot be opened") == true)
        #expect(locked.outcome.standardOutput.contains("recompute skipped"))
        // The key column is kept, so rows still pair for the own-row test.
        #expect(locked.report["pairedRows"] as? [String: Int] == ["people": 2])
        try SQLiteConnection(path: scenario.directory.file("masked.sqlite"), mode: .readWrite).execute(
            "UPDATE people SET code = '\(twisted.code)' WHERE id = 'b'")
        let leaked = try twisted.verify(environment: ["VEIL_PASSPHRASE": "not the passphrase"])
        #expect(leaked.outcome.status == 2)
        #expect(leaked.report["leaks"] as? [String: Int] == ["people.code": 1])
    }

    @Test("a tokenized key pairs through the vault's existing tokens; a foreign token is unexpected")
    func tokenizedKey() throws {
        let scenario = Scenario()
        let source = scenario.directory.file("source.sqlite")
        let connection = try SQLiteConnection(path: source, mode: .create)
        try connection.execute(
            """
            CREATE TABLE accounts (number TEXT PRIMARY KEY, holder TEXT);
            INSERT INTO accounts VALUES ('AC-100001', 'Ada Lovelace'), ('AC-100002', 'Alan Turing'),
                ('AC-100003', 'Grace Hopper');
            """)
        let profile = try scenario.writeProfile(
            base: "chinook.yaml", source: source, target: "masked.sqlite",
            tables: """

                tables:
                  accounts:
                    columns:
                      number: tokenize
                      holder: fake.full_name
                """,
            extra: "vault: \(scenario.directory.file("vault.sqlite"))")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let report = scenario.directory.file("verify.json")
        let clean = try scenario.veil(["verify", profile, "--report", report])
        #expect(clean.status == 0, "\(clean.standardOutput)\(clean.standardError)")
        var json = try LeakVerificationEndToEndTests.reportJSON(report)
        #expect(json["pairedRows"] as? [String: Int] == ["accounts": 3])
        #expect(json["recomputeSkippedColumns"] as? [String: String] == [:])

        let output = scenario.directory.file("masked.sqlite")
        try SQLiteConnection(path: output, mode: .readWrite).execute(
            "UPDATE accounts SET holder = 'Someone Else' WHERE rowid = 2")
        let wrong = try scenario.veil(["verify", profile, "--report", report])
        #expect(wrong.status == 2)
        json = try LeakVerificationEndToEndTests.reportJSON(report)
        #expect(json["unexpected"] as? [String: Int] == ["accounts.holder": 1])
        #expect(json["pairedRows"] as? [String: Int] == ["accounts": 3])

        // A token the vault never issued for that row: the row no longer pairs.
        try SQLiteConnection(path: output, mode: .readWrite).execute(
            "UPDATE accounts SET number = 'ZZ-999999' WHERE rowid = 3")
        _ = try scenario.veil(["verify", profile, "--report", report])
        json = try LeakVerificationEndToEndTests.reportJSON(report)
        #expect(json["unmatchedRows"] as? [String: Int] == ["accounts": 1])

        // Without the key store, or without the vault, a tokenized key cannot be masked again: the table is unpaired.
        _ = try scenario.veil(
            ["verify", profile, "--report", report], environment: ["VEIL_PASSPHRASE": "not the passphrase"])
        json = try LeakVerificationEndToEndTests.reportJSON(report)
        #expect(json["unpairedTables"] as? [String] == ["accounts"])
        #expect(
            (json["unpairedReasons"] as? [String: String])?["accounts"]
                == "key column number is masked (`tokenize`) and the key store is not open")
        try FileManager.default.removeItem(atPath: scenario.directory.file("vault.sqlite"))
        _ = try scenario.veil(["verify", profile, "--report", report])
        json = try LeakVerificationEndToEndTests.reportJSON(report)
        #expect(json["unpairedTables"] as? [String] == ["accounts"])
        #expect(
            (json["recomputeSkippedColumns"] as? [String: String])?["accounts.number"]?.contains("does not exist")
                == true)
        #expect(!scenario.exists("vault.sqlite"))
    }

    /// A plain dump with two tables of one name in two schemas.
    static let twoSchemas = HandwrittenDump(tables: [
        .init(
            name: "people", columns: [("id", "integer"), ("email", "text")],
            rows: [["1", "ann.public@example.org"], ["2", "bob.public@example.org"]]),
        .init(
            schema: "other", name: "people", columns: [("id", "integer"), ("email", "text")],
            rows: [["1", "ann.other@example.org"], ["2", "bob.other@example.org"]]),
    ]).text

    @Test("public.people and other.people are told apart in a SQLite output (people, other_people)")
    func twoSchemasInSQLite() throws {
        let scenario = Scenario()
        let source = scenario.directory.write(Self.twoSchemas, to: "two.sql")
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: source, target: "two.sqlite",
            tables: """

                tables:
                  public.people:
                    columns:
                      id: keep
                      email: fake.email
                  other.people:
                    columns:
                      id: keep
                      email: { rule: hmac, format: hex, length: 24 }
                """)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let output = scenario.directory.file("two.sqlite")
        let report = scenario.directory.file("verify.json")
        let clean = try scenario.veil(["verify", profile, "--report", report])
        #expect(clean.status == 0, "\(clean.standardOutput)\(clean.standardError)")
        var json = try LeakVerificationEndToEndTests.reportJSON(report)
        #expect(json["pairedRows"] as? [String: Int] == ["people": 2, "other_people": 2])

        let database = try SQLiteConnection(path: output, mode: .readWrite)
        try database.execute("UPDATE other_people SET email = 'ann.other@example.org' WHERE id = 1")
        try database.execute("UPDATE people SET email = 'bob.other@example.org' WHERE id = 2")
        let planted = try scenario.veil(["verify", profile, "--report", report])
        #expect(planted.status == 2)
        json = try LeakVerificationEndToEndTests.reportJSON(report)
        #expect(json["leaks"] as? [String: Int] == ["other_people.email": 1])
        #expect(json["unexpected"] as? [String: Int] == ["other_people.email": 1, "people.email": 1])
    }

    /// Pagila's dump with the data lines of every COPY block in reverse order.
    static func reversedDump(_ path: String, into target: String) throws {
        var lines = try String(contentsOfFile: path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var start: Int?
        for index in lines.indices {
            if lines[index].hasPrefix("COPY ") && lines[index].hasSuffix("FROM stdin;") {
                start = index + 1
            } else if lines[index] == "\\.", let first = start {
                lines[first..<index].reverse()
                start = nil
            }
        }
        try lines.joined(separator: "\n").write(toFile: target, atomically: true, encoding: .utf8)
    }

    @Test("pagila: a SQLite run verified against the dump with every table's rows reversed is clean")
    func pagilaReversed() throws {
        let scenario = Scenario()
        let dump = PackagePaths.fixture("pagila/pagila-pgdump.sql")
        let profile = try scenario.writeProfile(base: "pagila.yaml", source: dump, target: "pagila.sqlite")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let reversed = scenario.directory.file("reversed.sql")
        try Self.reversedDump(dump, into: reversed)
        let report = scenario.directory.file("verify.json")
        let verify = try scenario.veil(["verify", profile, "--source", reversed, "--report", report])
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
        let json = try LeakVerificationEndToEndTests.reportJSON(report)
        #expect(json["leaksFound"] as? Int == 0)
        #expect(json["unexpectedFound"] as? Int == 0)
        let paired = try #require(json["pairedRows"] as? [String: Int])
        #expect(paired["customer"] == 599)
        #expect(paired["address"] == 603)
        #expect(paired["payment"] == 16049)  // the partitions' rows, in their root's SQLite table
        #expect(json["unmatchedRows"] as? [String: Int] == [:])
    }

    @Test(
        "pagila live → a 10 % snapshot into SQLite verifies clean, every row paired by key",
        .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
    func pagilaSnapshot() throws {
        let scenario = Scenario()
        let pagila = try PagilaSubsetProfile(scenario, databasePrefix: "pagila_verify")
        defer { TestPostgres.dropDatabase(pagila.database) }
        let out = scenario.directory.file("snapshot.sqlite")
        let snapshot = try scenario.veil(["snapshot", pagila.profile, "--out", out, "--quiet"])
        #expect(snapshot.status == 0, "\(snapshot.standardError)")
        let report = scenario.directory.file("verify.json")
        let verify = try scenario.veil(["verify", pagila.profile, "--target", out, "--report", report])
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
        let json = try LeakVerificationEndToEndTests.reportJSON(report)
        #expect(json["leaksFound"] as? Int == 0)
        #expect(json["unexpectedFound"] as? Int == 0)
        let customers = try SnapshotEndToEndTests.scalar("SELECT count(*) FROM customer", in: out)
        let paired = try #require(json["pairedRows"] as? [String: Int])
        #expect(paired["customer"] == customers)
        #expect(json["unmatchedRows"] as? [String: Int] == [:])
    }
}
