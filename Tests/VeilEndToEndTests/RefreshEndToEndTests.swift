import Foundation
import PostgresDriver
import Testing
import VeilTestSupport

/// `veil refresh`: pagila loaded as a production database, refreshed into a staging database on the same server.
@Suite(
    "Staging refresh", .serialized,
    .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
struct RefreshEndToEndTests {
    /// A production database (pagila) and a staging name, dropped at the end.
    final class Setup {
        let scenario = Scenario()
        let prod: String
        let staging: String
        let profile: String

        init(extraTables: String = "", extraProfile: String = "") throws {
            prod = try TestPostgres.createDatabase(prefix: "veil_prod")
            staging = "veil_staging_\(getpid())_\(UUID().uuidString.prefix(6).lowercased())"
            let restored = try TestPostgres.restore(PackagePaths.fixture("pagila/pagila-pgdump.sql"), into: prod)
            guard restored.status == 0 else { throw TestPostgresError(message: restored.standardError) }
            let base = try String(contentsOfFile: PackagePaths.profile("pagila.yaml"), encoding: .utf8)
            let tables = String(base[base.range(of: "\ntables:")!.lowerBound...]) + extraTables
            profile = try scenario.writeProfile(
                base: "pagila.yaml", source: TestPostgres.url(database: prod),
                target: TestPostgres.url(database: staging), tables: tables, extra: extraProfile)
            let initialized = try scenario.veil(["keys", "init", profile])
            guard initialized.status == 0 else { throw TestPostgresError(message: initialized.standardError) }
        }

        deinit {
            TestPostgres.dropDatabase(prod)
            for database in (try? StagingOracle.databases(startingWith: staging)) ?? [] {
                TestPostgres.dropDatabase(database)
            }
        }

        func refresh(_ extra: [String] = [], environment: [String: String] = [:]) throws -> ProcessOutcome {
            try scenario.veil(["refresh", profile, "--quiet"] + extra, environment: environment)
        }
    }

    @Test("prod → staging: same rows, constraints and indexes; FKs valid; no original email or phone; sequences ahead")
    func refreshMatchesProduction() throws {
        let setup = try Setup()
        // pagila creates its materialized view WITH NO DATA; production has it populated.
        _ = try TestPostgres.psql(database: setup.prod, "REFRESH MATERIALIZED VIEW public.rental_by_category")
        let outcome = try setup.refresh(["--jobs", "2"])
        try #require(outcome.status == 0, "\(outcome.standardError)")

        #expect(try StagingOracle.counts(of: setup.staging) == StagingOracle.counts(of: setup.prod))
        #expect(try StagingOracle.indexes(of: setup.staging) == StagingOracle.indexes(of: setup.prod))
        let constraints = try StagingOracle.constraints(of: setup.staging)
        #expect(constraints == (try StagingOracle.constraints(of: setup.prod)))
        #expect(constraints.filter { $0.contains("FOREIGN KEY") }.count >= 10)
        #expect(
            try TestPostgres.psql(database: setup.staging, "SELECT count(*) FROM pg_constraint WHERE NOT convalidated")
                == "0")

        // The materialized view is populated as in production (pg_dump counts its REFRESH as data).
        let matview =
            "SELECT ispopulated, (SELECT count(*) FROM rental_by_category) FROM pg_matviews "
            + "WHERE matviewname = 'rental_by_category'"
        #expect(
            try TestPostgres.psql(database: setup.staging, matview) == TestPostgres.psql(database: setup.prod, matview))
        #expect(try TestPostgres.psql(database: setup.staging, matview).hasPrefix("t|"))

        for (table, column) in [
            ("customer", "email"), ("staff", "email"), ("address", "phone"), ("address", "address"),
        ] {
            let original = try StagingOracle.values(column, of: table, in: setup.prod)
            let masked = try StagingOracle.values(column, of: table, in: setup.staging)
            #expect(!original.isEmpty && !masked.isEmpty)
            #expect(original.isDisjoint(with: masked), "an original \(table).\(column) value reached staging")
        }

        let behind = try TestPostgres.psql(
            database: setup.staging,
            """
            SELECT count(*) FROM (
              SELECT (SELECT last_value FROM customer_customer_id_seq) < (SELECT max(customer_id) FROM customer)
              UNION ALL
              SELECT (SELECT last_value FROM payment_payment_id_seq) < (SELECT max(payment_id) FROM payment)
              UNION ALL
              SELECT (SELECT last_value FROM rental_rental_id_seq) < (SELECT max(rental_id) FROM rental)
            ) behind(is_behind) WHERE is_behind
            """)
        #expect(behind == "0")
        let newID = try TestPostgres.psql(
            database: setup.staging,
            "INSERT INTO actor (first_name, last_name) VALUES ('NEW', 'ACTOR') RETURNING actor_id")
        #expect(Int(newID) == 201)
        #expect(try StagingOracle.databases(startingWith: setup.staging) == [setup.staging])
    }

    @Test(
        "TLS settings reach every session and pg_dump: verify-full works, another CA is refused (66)",
        .enabled(if: TestPostgres.certificateAuthority != nil, "set VEIL_TEST_PG_CA (bash .ci/run does)"))
    func verifiedTLS() throws {
        let setup = try Setup()
        let outcome = try setup.refresh([
            "--source", TestPostgres.verifiedTLSURL(database: setup.prod),
            "--target", TestPostgres.verifiedTLSURL(database: setup.staging),
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(try StagingOracle.counts(of: setup.staging) == StagingOracle.counts(of: setup.prod))

        let directory = TemporaryDirectory("veil-tls")
        let otherCA = try TestPostgres.unrelatedCertificateAuthority(in: directory)
        let refused = try setup.refresh([
            "--source", TestPostgres.verifiedTLSURL(database: setup.prod, rootCertificate: otherCA),
        ])
        #expect(refused.status == 66)
        #expect(refused.standardError.contains("certificate verify failed"), "\(refused.standardError)")
    }

    @Test("staging's masked values equal those of a masked dump made with the same keys (joins across outputs)")
    func sameValuesAsAMaskedDump() throws {
        let setup = try Setup()
        try #require(try setup.refresh().status == 0)
        let dump = setup.scenario.directory.file("masked.sql")
        let masked = try setup.refresh([
            "--source", PackagePaths.fixture("pagila/pagila-pgdump.sql"), "--target", dump,
        ])
        // `veil refresh` wants a PostgreSQL target; `veil run` writes the dump.
        #expect(masked.status == 64)
        let run = try setup.scenario.veil([
            "run", setup.profile, "--quiet", "--source", PackagePaths.fixture("pagila/pagila-pgdump.sql"),
            "--target", dump,
        ])
        try #require(run.status == 0, "\(run.standardError)")
        let fromDump = try DumpValues.values(in: dump, table: "public.customer", columns: ["email"])
        let fromStaging = try StagingOracle.values("email", of: "customer", in: setup.staging)
        #expect(fromDump.count == 599)
        #expect(Set(fromDump) == fromStaging)
        let customerOne = try TestPostgres.psql(
            database: setup.staging, "SELECT email FROM customer WHERE customer_id = 1")
        let restored = try TestPostgres.createDatabase(prefix: "veil_from_dump")
        defer { TestPostgres.dropDatabase(restored) }
        #expect(try TestPostgres.restore(dump, into: restored).status == 0)
        #expect(
            try TestPostgres.psql(database: restored, "SELECT email FROM customer WHERE customer_id = 1")
                == customerOne)
    }

    @Test(
        "--jobs 1, 2 and 4 (tables and index builds in parallel) give the same staging: digests, indexes, constraints")
    func parallelRefreshEqualsSequential() throws {
        let setup = try Setup()
        var copies: [Int: (digests: [String], indexes: [String], constraints: [String])] = [:]
        for jobs in [1, 2, 4] {
            let outcome = try setup.refresh(["--jobs", "\(jobs)"])
            try #require(outcome.status == 0, "--jobs \(jobs): \(outcome.standardError)")
            copies[jobs] = (
                try StagingOracle.checksums(of: setup.staging), try StagingOracle.indexes(of: setup.staging),
                try StagingOracle.constraints(of: setup.staging)
            )
            #expect(
                try TestPostgres.psql(
                    database: setup.staging, "SELECT count(*) FROM pg_constraint WHERE NOT convalidated") == "0")
        }
        let sequential = try #require(copies[1])
        #expect(sequential.digests.count >= 15)
        #expect(try StagingOracle.counts(of: setup.staging) == StagingOracle.counts(of: setup.prod))
        #expect(sequential.indexes == (try StagingOracle.indexes(of: setup.prod)))
        for jobs in [2, 4] {
            let parallel = try #require(copies[jobs])
            #expect(parallel.digests == sequential.digests, "--jobs \(jobs) differs from --jobs 1")
            #expect(parallel.indexes == sequential.indexes)
            #expect(parallel.constraints == sequential.constraints)
        }
    }

    @Test(
        "a second refresh replaces the first; an open session sees the old or the new copy, never a mix",
        arguments: [2, 4])
    func secondRefreshWithOpenSession(jobs: Int) throws {
        let setup = try Setup()
        try #require(try setup.refresh(["--jobs", "\(jobs)"]).status == 0)
        let role = "veil_app_\(getpid())"
        try TestPostgres.psql(
            database: "postgres",
            """
            DO $$ BEGIN CREATE ROLE \(role) NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            GRANT CONNECT ON DATABASE \(setup.staging) TO \(role);
            ALTER DATABASE \(setup.staging) SET work_mem = '7MB';
            """)
        defer { _ = try? TestPostgres.psql(database: "postgres", "DROP ROLE IF EXISTS \(role)") }
        // The source moves on: the next copy has one more actor and one more category.
        try TestPostgres.psql(
            database: setup.prod,
            "INSERT INTO actor (first_name, last_name) VALUES ('A', 'B'); INSERT INTO category (name) VALUES ('C')")

        let watcher = SessionWatcher(url: TestPostgres.url(database: setup.staging))
        watcher.start()
        let outcome = try setup.refresh(["--jobs", "\(jobs)"])
        watcher.waitForReconnection()
        let seen = watcher.stop()
        try #require(outcome.status == 0, "\(outcome.standardError)")

        let old = "200/16"
        let new = "201/17"
        #expect(seen.first == old)
        #expect(seen.last == new)
        #expect(Set(seen).isSubset(of: [old, new]), "a session saw a mix: \(Set(seen))")
        #expect(try StagingOracle.counts(of: setup.staging) == StagingOracle.counts(of: setup.prod))
        #expect(
            try TestPostgres.psql(
                database: "postgres", "SELECT has_database_privilege('\(role)', '\(setup.staging)', 'CONNECT')") == "t")
        #expect(
            try TestPostgres.psql(
                database: "postgres",
                """
                SELECT array_to_string(setconfig, ',') FROM pg_db_role_setting s JOIN pg_database d
                ON d.oid = s.setdatabase WHERE d.datname = '\(setup.staging)' AND s.setrole = 0
                """) == "work_mem=7MB")
        #expect(try StagingOracle.databases(startingWith: setup.staging) == [setup.staging])
    }

    @Test(
        "kill -9 at random moments leaves staging as it was; the next refresh succeeds and cleans up",
        arguments: [2, 4])
    func killedRefreshes(jobs: Int) throws {
        let setup = try Setup()
        try #require(try setup.refresh(["--jobs", "\(jobs)"]).status == 0)
        let before = try StagingOracle.checksums(of: setup.staging)
        let windows: [ClosedRange<Double>] = [0.05...0.4, 0.4...0.9, 0.9...1.5, 1.5...2.5]
        for window in windows {
            let delay = Double.random(in: window)
            let process = try VeilBinary.launch(
                ["refresh", setup.profile, "--quiet", "--jobs", "\(jobs)"], environment: setup.scenario.environment)
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(
                try StagingOracle.checksums(of: setup.staging) == before,
                "staging changed after a kill at \(delay) s")
        }
        let outcome = try setup.refresh(["--jobs", "\(jobs)"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(try StagingOracle.checksums(of: setup.staging) == before)
        #expect(try StagingOracle.databases(startingWith: setup.staging) == [setup.staging])
    }

    @Test("veil run refreshes a PostgreSQL target too; a refresh while another holds the lock exits 75")
    func busyTarget() throws {
        let setup = try Setup()
        let run = try setup.scenario.veil(["run", setup.profile, "--quiet"])
        try #require(run.status == 0, "\(run.standardError)")
        #expect(try StagingOracle.counts(of: setup.staging) == StagingOracle.counts(of: setup.prod))
        let before = try StagingOracle.checksums(of: setup.staging)
        let holder = try PostgresConnection(conninfo: TestPostgres.url(database: "postgres"))
        try holder.execute(
            "SELECT pg_advisory_lock(hashtext('veil refresh'), hashtext($1))", parameters: [setup.staging])
        let outcome = try setup.refresh()
        #expect(outcome.status == 75)
        #expect(outcome.standardError.contains("another refresh"))
        #expect(try StagingOracle.checksums(of: setup.staging) == before)
    }

    @Test("refused targets: the source itself, a protected target, a role without CREATEDB")
    func refusedTargets() throws {
        let setup = try Setup()
        try #require(try setup.refresh().status == 0)
        let before = try StagingOracle.checksums(of: setup.staging)

        let ontoSource = try setup.refresh(["--target", TestPostgres.url(database: setup.prod)])
        #expect(ontoSource.status == 73)
        #expect(ontoSource.standardError.contains("source's own database"), "\(ontoSource.standardError)")

        let protectedProfile = try setup.scenario.writeProfile(
            named: "protected.yaml", base: "pagila.yaml", source: TestPostgres.url(database: setup.prod),
            target: TestPostgres.url(database: setup.staging),
            extra: "protected:\n  - \(TestPostgres.url(database: setup.staging))")
        let protected = try setup.scenario.veil(["refresh", protectedProfile, "--quiet"])
        #expect(protected.status == 73)
        #expect(protected.standardError.contains("protected"), "\(protected.standardError)")

        let role = "veil_nocreatedb_\(getpid())"
        try TestPostgres.psql(
            database: "postgres",
            "DO $$ BEGIN CREATE ROLE \(role) LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        defer { _ = try? TestPostgres.psql(database: "postgres", "DROP ROLE IF EXISTS \(role)") }
        let limitedURL = TestPostgres.url(database: setup.staging).replacingOccurrences(
            of: "://postgres@", with: "://\(role)@")
        try #require(limitedURL.contains(role), "the test server's URL must name the postgres user")
        let limited = try setup.refresh(["--target", limitedURL])
        #expect(limited.status == 73)
        #expect(limited.standardError.contains("CREATEDB"), "\(limited.standardError)")

        #expect(try StagingOracle.checksums(of: setup.staging) == before)
        #expect(try StagingOracle.databases(startingWith: setup.staging) == [setup.staging])
    }

    @Test("a wrong password for the source (66) or the target (73) is named, never echoed, and changes nothing")
    func wrongPassword() throws {
        let setup = try Setup()
        try #require(try setup.refresh().status == 0)
        let before = try StagingOracle.checksums(of: setup.staging)
        // .ci/start-postgres makes members of veil_password_users log in with a password (scram-sha-256).
        let user = "veil_pw_\(getpid())"
        try TestPostgres.psql(
            database: "postgres",
            """
            DO $$ BEGIN CREATE ROLE veil_password_users NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            DO $$ BEGIN CREATE ROLE \(user) LOGIN PASSWORD 'the-right-one' IN ROLE veil_password_users;
            EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            """)
        defer { _ = try? TestPostgres.psql(database: "postgres", "DROP ROLE IF EXISTS \(user)") }
        let secret = "not-the-password-\(UUID().uuidString.prefix(6))"
        func withPassword(_ database: String) -> String {
            TestPostgres.url(database: database).replacingOccurrences(of: "://postgres@", with: "://\(user):\(secret)@")
        }
        let source = try setup.refresh(["--source", withPassword(setup.prod)])
        #expect(source.status == 66, "\(source.standardError)")
        #expect(source.standardError.contains("password authentication failed"), "\(source.standardError)")
        #expect(!source.standardError.contains(secret))
        let target = try setup.refresh(["--target", withPassword(setup.staging)])
        #expect(target.status == 73, "\(target.standardError)")
        #expect(target.standardError.contains("password authentication failed"), "\(target.standardError)")
        #expect(!target.standardError.contains(secret))
        #expect(try StagingOracle.checksums(of: setup.staging) == before)
    }

    @Test("a profile naming a table the source lacks stops before writing, naming the table")
    func missingTable() throws {
        let setup = try Setup(extraTables: "\n  ghost_table: keep\n")
        let outcome = try setup.refresh()
        #expect(outcome.status == 3)
        #expect(outcome.standardError.contains("ghost_table"), "\(outcome.standardError)")
        #expect(try StagingOracle.databases(startingWith: setup.staging).isEmpty)
    }

    @Test("the source connection dropped mid-load fails the refresh (66) and leaves staging as it was")
    func droppedSourceConnection() throws {
        let setup = try Setup(extraTables: "\n  zz_bulk: keep\n")
        try TestPostgres.psql(database: setup.prod, "CREATE TABLE zz_bulk (id integer PRIMARY KEY, t text)")
        try #require(try setup.refresh().status == 0)
        let before = try StagingOracle.checksums(of: setup.staging)
        // A table big enough that its COPY is still running when the test terminates it.
        try TestPostgres.psql(
            database: setup.prod,
            "INSERT INTO zz_bulk SELECT g, md5(g::text) FROM generate_series(1, 1500000) g")

        let errors = Pipe()
        let process = try VeilBinary.launch(
            ["refresh", setup.profile, "--quiet"], environment: setup.scenario.environment, standardError: errors)
        var terminated = false
        let deadline = Date().addingTimeInterval(60)
        while !terminated && process.isRunning && Date() < deadline {
            terminated =
                (try? TestPostgres.psql(
                    database: "postgres",
                    """
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE datname = '\(setup.prod)' AND query LIKE 'COPY %zz_bulk%'
                    """)) == "1"
        }
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(terminated, "the test never caught the source's COPY")
        #expect(process.terminationStatus == 66, "\(stderr)")
        #expect(stderr.contains("zz_bulk"), "\(stderr)")
        #expect(try StagingOracle.checksums(of: setup.staging) == before)
        #expect(try StagingOracle.databases(startingWith: setup.staging) == [setup.staging])
    }
}

/// A session kept open on staging that reads `actors/categories` again and again, reconnecting when the swap
/// disconnects it, and records what it saw.
final class SessionWatcher: @unchecked Sendable {
    private let url: String
    private let lock = NSLock()
    private var seen: [String] = []
    private var reconnections = 0
    private var stopped = false
    private let done = DispatchGroup()

    init(url: String) {
        self.url = url
    }

    func start() {
        let opened = DispatchSemaphore(value: 0)
        done.enter()
        Thread.detachNewThread { [self] in
            var connection = try? PostgresConnection(conninfo: url)
            opened.signal()
            while !lock.withLock({ stopped }) {
                do {
                    if connection == nil {
                        connection = try PostgresConnection(conninfo: url)
                        lock.withLock { reconnections += 1 }
                    }
                    let result = try connection!.execute(
                        "SELECT (SELECT count(*) FROM actor) || '/' || (SELECT count(*) FROM category)")
                    if let value = result.value(row: 0, column: 0) { lock.withLock { seen.append(value) } }
                } catch {
                    connection = nil
                    Thread.sleep(forTimeInterval: 0.02)
                }
            }
            done.leave()
        }
        opened.wait()
    }

    /// Waits (up to 10 s) until the watcher has reconnected and read once more.
    func waitForReconnection() {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let (count, last) = lock.withLock { (reconnections, seen.last) }
            if count > 0 && last != nil {
                Thread.sleep(forTimeInterval: 0.1)
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    func stop() -> [String] {
        lock.withLock { stopped = true }
        done.wait()
        return lock.withLock { seen }
    }
}
