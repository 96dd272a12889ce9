import Foundation
import SQLiteDriver
import Testing
import VeilTestSupport

/// Row-level security on a live source: every session Veil reads the source with sets `row_security = off`, so a
/// policy that would hide rows from the source role makes the read fail (66, the table named) instead of copying
/// fewer rows than the source holds — as pg_dump does. A role that bypasses the policy copies every row.
@Suite(
    "Row-level security on a live source",
    .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
struct RowSecurityEndToEndTests {
    /// A source database whose `accounts` (60 rows) sit under a forced policy that shows the `reader` role none of
    /// them, and whose `entries` (40 rows, no policy) reference them; two login roles, `reader` (no BYPASSRLS) and
    /// `bypasser` (BYPASSRLS), may read every table. Dropped, roles included, at the end.
    final class Setup {
        let scenario = Scenario()
        let database: String
        let reader: String
        let bypasser: String

        init() throws {
            database = try TestPostgres.createDatabase(prefix: "veil_rls")
            let suffix = database.dropFirst("veil_rls_".count)
            reader = "veil_rls_reader_\(suffix)"
            bypasser = "veil_rls_bypasser_\(suffix)"
            try TestPostgres.psql(
                database: database,
                """
                CREATE ROLE \(reader) LOGIN;
                CREATE ROLE \(bypasser) LOGIN BYPASSRLS;
                CREATE TABLE accounts (id integer PRIMARY KEY, name text NOT NULL);
                INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 60) g;
                CREATE TABLE entries (
                    id integer PRIMARY KEY, account_id integer NOT NULL REFERENCES accounts, amount integer NOT NULL);
                INSERT INTO entries SELECT g, g + 10, g * 7 FROM generate_series(1, 40) g;
                ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
                ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
                CREATE POLICY own_accounts ON accounts USING (name = current_user);
                GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(reader), \(bypasser);
                """)
        }

        deinit {
            TestPostgres.dropDatabase(database)
            for database in (try? StagingOracle.databases(startingWith: staging)) ?? [] {
                TestPostgres.dropDatabase(database)
            }
            _ = try? TestPostgres.psql(database: "postgres", "DROP ROLE IF EXISTS \(reader), \(bypasser)")
        }

        /// The staging database a refresh writes to.
        var staging: String { database.replacingOccurrences(of: "veil_rls", with: "veil_rls_staging") }

        /// The source's URL, logging in as `role`.
        func source(as role: String) -> String {
            let url = TestPostgres.url(database: database)
            return url + (url.contains("?") ? "&" : "?") + "user=" + role
        }

        /// A profile `name` that keeps every column, reads the source as `role` and writes `target`, with its key
        /// store.
        func profile(_ name: String, as role: String, target: String, extra: String = "") throws -> String {
            let profile = try scenario.writeProfile(
                named: "\(name).yaml", base: "pagila.yaml", source: source(as: role), target: target,
                keyStore: "keys-\(name)",
                tables: "\ntables:\n  public.accounts: keep\n  public.entries: keep\n", extra: extra)
            let initialized = try scenario.veil(["keys", "init", profile])
            guard initialized.status == 0 else { throw TestPostgresError(message: initialized.standardError) }
            return profile
        }

        /// Runs a query on the source as `role` with psql and returns its output.
        func psql(as role: String, _ sql: String) throws -> String {
            let outcome = try ProcessRunner.run(
                ProcessRunner.which("psql") ?? "/usr/bin/psql", ["-X", "-At", "-d", source(as: role), "-c", sql])
            guard outcome.status == 0 else { throw TestPostgresError(message: outcome.standardError) }
            return outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func count(_ table: String, in sqlite: String) throws -> Int {
            let connection = try SQLiteConnection(path: sqlite, mode: .readOnly)
            let statement = try connection.prepare("SELECT count(*) FROM \(table)")
            return Int(try statement.step()?.optionalText(at: 0) ?? "") ?? -1
        }
    }

    static let subset = "subset:\n  public.entries: { limit: 5 }\n"

    @Test("a role under a forced policy: run, refresh and snapshot fail (66) naming the table, and write nothing")
    func hiddenRowsFailTheRead() throws {
        let setup = try Setup()
        // As a plain session of the role would see it: the policy hides every account.
        #expect(try setup.psql(as: setup.reader, "SELECT count(*) FROM accounts") == "0")

        let run = try setup.scenario.veil(
            ["run", try setup.profile("run", as: setup.reader, target: "run.sqlite"), "--quiet"])
        #expect(run.status == 66, "\(run.standardError)")
        #expect(run.standardError.contains("public.accounts"), "\(run.standardError)")
        #expect(run.standardError.contains("row-level security"), "\(run.standardError)")
        #expect(!setup.scenario.exists("run.sqlite"))

        let snapshotProfile = try setup.profile(
            "snapshot", as: setup.reader, target: "unused.sqlite", extra: Self.subset)
        let out = setup.scenario.directory.file("snapshot.sqlite")
        let snapshot = try setup.scenario.veil(["snapshot", snapshotProfile, "--out", out, "--quiet"])
        #expect(snapshot.status == 66, "\(snapshot.standardError)")
        #expect(snapshot.standardError.contains("public.accounts"), "\(snapshot.standardError)")
        #expect(!setup.scenario.exists("snapshot.sqlite"))

        // Staging holds a previous copy (here: one marker table); a failed refresh leaves it exactly so.
        _ = try TestPostgres.psql(database: "postgres", "CREATE DATABASE \(setup.staging)")
        try TestPostgres.psql(
            database: setup.staging, "CREATE TABLE marker (id integer); INSERT INTO marker VALUES (7)")
        let refreshProfile = try setup.profile(
            "refresh", as: setup.reader, target: TestPostgres.url(database: setup.staging))
        let refresh = try setup.scenario.veil(["refresh", refreshProfile, "--quiet"])
        #expect(refresh.status == 66, "\(refresh.standardError)")
        #expect(refresh.standardError.contains("public.accounts"), "\(refresh.standardError)")
        #expect(try StagingOracle.tables(in: setup.staging) == ["marker"])
        #expect(try TestPostgres.psql(database: setup.staging, "SELECT id FROM marker") == "7")
        #expect(try StagingOracle.databases(startingWith: setup.staging) == [setup.staging])
    }

    @Test("a role with BYPASSRLS: run, refresh and snapshot copy every row the policy would hide")
    func bypassingRoleCopiesEveryRow() throws {
        let setup = try Setup()
        let run = try setup.scenario.veil(
            ["run", try setup.profile("run", as: setup.bypasser, target: "run.sqlite"), "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let copy = setup.scenario.directory.file("run.sqlite")
        #expect(try setup.count("accounts", in: copy) == 60)
        #expect(try setup.count("entries", in: copy) == 40)

        let snapshotProfile = try setup.profile(
            "snapshot", as: setup.bypasser, target: "unused.sqlite", extra: Self.subset)
        let out = setup.scenario.directory.file("snapshot.sqlite")
        let snapshot = try setup.scenario.veil(["snapshot", snapshotProfile, "--out", out, "--quiet"])
        #expect(snapshot.status == 0, "\(snapshot.standardError)")
        #expect(try setup.count("entries", in: out) == 5)
        #expect(try setup.count("accounts", in: out) == 5)

        let refreshProfile = try setup.profile(
            "refresh", as: setup.bypasser, target: TestPostgres.url(database: setup.staging))
        let refresh = try setup.scenario.veil(["refresh", refreshProfile, "--quiet"])
        #expect(refresh.status == 0, "\(refresh.standardError)")
        #expect(try StagingOracle.counts(of: setup.staging) == ["accounts: 60", "entries: 40"])
    }
}
