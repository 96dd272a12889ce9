import Foundation
import SQLiteDriver
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// One database with the features that broke copies on schemas nobody had seen: a composite column, an enum, a range,
/// a domain with a CHECK, a list-partitioned table, inheritance with a child's own columns, a materialized view, a
/// unique index, a `text[]` of emails and JSON with emails inside. `veil scan`'s skeleton passes `veil check` as
/// written; accepted as it is, every path (a plain dump, a refresh, SQLite, CSV) writes a copy that restores or
/// opens with every row, and no original address reaches it.
@Suite(
    "exotic schema through every path", .serialized,
    .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
struct ExoticSchemaEndToEndTests {
    static let people = 40

    static func email(_ id: Int) -> String { "person\(id).family\(id % 7)@mailhost\(id % 5).example.org" }

    static var ddl: String {
        var sql = """
            CREATE TYPE public.mood AS ENUM ('happy', 'sad', 'calm');
            CREATE TYPE public.address AS (street text, city text);
            CREATE DOMAIN public.short_code AS text CONSTRAINT short_code_check CHECK (char_length(VALUE) <= 6);
            CREATE TABLE public.people (
                id integer PRIMARY KEY,
                full_name text NOT NULL,
                email text NOT NULL,
                username text NOT NULL,
                feeling public.mood,
                home public.address,
                stay daterange,
                code public.short_code,
                emails text[],
                profile jsonb
            );
            CREATE UNIQUE INDEX people_username_key ON public.people (username);
            CREATE TABLE public.events (
                id integer NOT NULL, region text NOT NULL, detail text, PRIMARY KEY (id, region)
            ) PARTITION BY LIST (region);
            CREATE TABLE public.events_eu PARTITION OF public.events FOR VALUES IN ('eu');
            CREATE TABLE public.events_us PARTITION OF public.events FOR VALUES IN ('us');
            CREATE TABLE public.contacts (id integer PRIMARY KEY, name text NOT NULL);
            CREATE TABLE public.vip_contacts (level text) INHERITS (public.contacts);

            """
        let first = ["Anna", "Boris", "Chloe", "Dmitri", "Elena", "Farid", "Greta", "Hugo"]
        let last = ["Lindqvist", "Petrov", "Moreau", "Okafor", "Tanaka", "Novak", "Silva", "Weber"]
        for id in 1...people {
            let name = "\(first[id % 8]) \(last[(id / 8) % 8])"
            let moods = ["happy", "sad", "calm"]
            sql += """
                INSERT INTO public.people VALUES (\(id), '\(name)', '\(email(id))', 'user\(id)_\(last[id % 8].lowercased())',
                  '\(moods[id % 3])', ROW('\(id) Harbour Lane', 'Bergen'), daterange('2024-01-01', '2024-02-0\(id % 9 + 1)'),
                  'c\(id)', ARRAY['\(email(id))', 'alt.\(email(id))'],
                  '{"contact": {"email": "\(email(id))", "name": "\(name)"}, "tier": \(id % 4)}');
                INSERT INTO public.events VALUES (\(id), '\(id % 2 == 0 ? "eu" : "us")', 'signed up via \(email(id))');

                """
        }
        sql += """
            INSERT INTO public.contacts VALUES (1, 'Ann Lee'), (2, 'Bob Stone');
            INSERT INTO public.vip_contacts VALUES (3, 'Cho Park', 'gold');
            CREATE MATERIALIZED VIEW public.people_per_mood AS SELECT feeling, count(*) AS n FROM public.people GROUP BY 1;
            """
        return sql
    }

    /// Source rows per table, as every output must hold them.
    static let expectedRows: [String: Int] = [
        "people": people, "events_eu": people / 2, "events_us": people / 2, "contacts": 2, "vip_contacts": 1,
    ]

    final class Setup {
        let scenario = Scenario()
        let source: String
        var staging: String?
        let confirmed: String

        init() throws {
            source = try TestPostgres.createDatabase(prefix: "veil_exotic")
            _ = try TestPostgres.psql(database: source, ExoticSchemaEndToEndTests.ddl)
            let url = TestPostgres.url(database: source)
            let scan = try ScanEndToEndTests.veil(scenario, ["scan", url, "--out", "skeleton.yaml"])
            guard scan.status == 0 else { throw TestPostgresError(message: scan.standardError) }
            let yaml = try String(contentsOfFile: scenario.directory.file("skeleton.yaml"), encoding: .utf8)
            #expect(try ScanEndToEndTests.veil(scenario, ["keys", "init", "skeleton.yaml"]).status == 0)
            let check = try ScanEndToEndTests.veil(scenario, ["check", "skeleton.yaml"])
            #expect(check.status == 0, "the skeleton does not pass check as written: \(check.standardError)")
            scenario.directory.write(try ScanEndToEndTests.confirmed(yaml), to: "confirmed.yaml")
            confirmed = scenario.directory.file("confirmed.yaml")
            let recheck = try ScanEndToEndTests.veil(scenario, ["check", "confirmed.yaml"])
            #expect(recheck.status == 0, "\(recheck.standardError)")
        }

        deinit {
            TestPostgres.dropDatabase(source)
            if let staging {
                for database in (try? StagingOracle.databases(startingWith: staging)) ?? [] {
                    TestPostgres.dropDatabase(database)
                }
            }
        }

        func run(_ command: String, target: String) throws -> ProcessOutcome {
            try ScanEndToEndTests.veil(
                scenario,
                [command, "confirmed.yaml", "--target", target, "--quiet", "--report", "report-\(command).json"])
        }

        /// Counts of `tables` in a PostgreSQL database, and whether the materialized view is populated.
        func counts(database: String) throws -> [String: Int] {
            var counts: [String: Int] = [:]
            for table in ExoticSchemaEndToEndTests.expectedRows.keys {
                let text = try TestPostgres.psql(database: database, "SELECT count(*) FROM ONLY public.\(table)")
                counts[table] = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return counts
        }

        func expectNoOriginal(in text: String, _ place: String) {
            for id in 1...ExoticSchemaEndToEndTests.people where text.contains(ExoticSchemaEndToEndTests.email(id)) {
                Issue.record("an original address (row \(id)) is in \(place)")
                return
            }
        }
    }

    @Test("live → plain dump: restores with ON_ERROR_STOP, every row, the view populated, no original address")
    func plainDump() throws {
        let setup = try Setup()
        let run = try setup.run("run", target: setup.scenario.directory.file("copy.sql"))
        #expect(run.status == 0, "\(run.standardError)")
        let text = try String(contentsOfFile: setup.scenario.directory.file("copy.sql"), encoding: .utf8)
        setup.expectNoOriginal(in: text, "the dump")
        let restored = try TestPostgres.createDatabase(prefix: "veil_exotic_copy")
        defer { TestPostgres.dropDatabase(restored) }
        let restore = try TestPostgres.restore(setup.scenario.directory.file("copy.sql"), into: restored)
        #expect(restore.status == 0, "\(restore.standardError)")
        #expect(try setup.counts(database: restored) == Self.expectedRows)
        let view = try TestPostgres.psql(database: restored, "SELECT sum(n) FROM public.people_per_mood")
        #expect(view.trimmingCharacters(in: .whitespacesAndNewlines) == String(Self.people))
    }

    @Test("refresh: staging holds every row, the view populated, no original address")
    func refresh() throws {
        let setup = try Setup()
        let staging = "veil_exotic_staging_\(getpid())_\(UUID().uuidString.prefix(6).lowercased())"
        setup.staging = staging
        let run = try setup.run("refresh", target: TestPostgres.url(database: staging))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try setup.counts(database: staging) == Self.expectedRows)
        let view = try TestPostgres.psql(database: staging, "SELECT sum(n) FROM public.people_per_mood")
        #expect(view.trimmingCharacters(in: .whitespacesAndNewlines) == String(Self.people))
        let emails = try TestPostgres.psql(
            database: staging,
            "SELECT string_agg(email || array_to_string(emails, ',') || profile::text || detail, ' ') "
                + "FROM public.people JOIN public.events USING (id)")
        setup.expectNoOriginal(in: emails, "staging")
    }

    @Test("live → SQLite: opens with every row; live → CSV: every file reads back with every row")
    func sqliteAndCSV() throws {
        let setup = try Setup()
        let sqlite = try setup.run("run", target: setup.scenario.directory.file("copy.sqlite"))
        #expect(sqlite.status == 0, "\(sqlite.standardError)")
        let connection = try SQLiteConnection(path: setup.scenario.directory.file("copy.sqlite"), mode: .readOnly)
        func count(_ table: String) throws -> Int? {
            let statement = try connection.prepare("SELECT count(*) FROM \"\(table)\"")
            return try statement.step().map { Int($0.text(at: 0)) ?? -1 }
        }
        // Partitions join their root; a child with its own columns is its own table.
        #expect(try count("people") == Self.people)
        #expect(try count("events") == Self.people)
        #expect(try count("contacts") == 2)
        #expect(try count("vip_contacts") == 1)
        let dumped = try connection.prepare("SELECT group_concat(email || emails || profile, ' ') FROM people")
        setup.expectNoOriginal(in: try dumped.step()?.text(at: 0) ?? "", "the SQLite copy")

        let csv = try setup.run("run", target: setup.scenario.directory.file("csv") + "/")
        #expect(csv.status == 0, "\(csv.standardError)")
        for (file, expected) in [
            ("people", Self.people), ("events", Self.people), ("contacts", 2), ("vip_contacts", 1),
        ] {
            let path = setup.scenario.directory.file("csv/\(file).csv")
            let reader = try CSVReader(path: path)
            var rows = 0
            while let item = try reader.next() {
                if case .rows(let batch) = item { rows += batch.count }
            }
            #expect(rows == expected, "\(file).csv")
            setup.expectNoOriginal(in: try String(contentsOfFile: path, encoding: .utf8), "\(file).csv")
        }
    }
}
