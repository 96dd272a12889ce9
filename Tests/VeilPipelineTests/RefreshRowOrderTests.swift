import Foundation
import Testing
import VeilApp
import VeilCore
import VeilCrypto
import VeilTestSupport
import VeilVault

@testable import VeilPipeline

/// A database target keeps no row order, so a refresh reads its live source without `ORDER BY` (a sequential
/// scan, the plain copy's own read); a dump written from the same source still lists rows in key order, the same
/// every time (integration: needs `VEIL_TEST_PG`).
@Suite(
    "refresh row order (integration, live server)", .serialized,
    .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
struct RefreshRowOrderTests {
    /// Rows inserted out of key order and one updated (its new version goes to the heap's end): heap order 1, 4, 2, 3.
    final class Setup {
        let directory = TemporaryDirectory("veil-refresh-order")
        let databases: LiveRefreshDatabases
        let profile: String
        let keys: KeyStore

        init() throws {
            databases = try LiveRefreshDatabases(prefix: "veil_order")
            try TestPostgres.psql(
                database: databases.source,
                """
                CREATE TABLE t (id integer PRIMARY KEY, v text);
                INSERT INTO t VALUES (3, 'c'), (1, 'a'), (4, 'd'), (2, 'b');
                UPDATE t SET v = 'cc' WHERE id = 3;
                CREATE TABLE u (id integer PRIMARY KEY, email text);
                INSERT INTO u VALUES (2, 'second@example.com'), (1, 'first@example.com');
                """)
            profile = try directory.file(
                "profile.yaml",
                databases.profile(
                    keys: directory.file("keys"),
                    """
                    tables:
                      public.t: keep
                      public.u:
                        columns:
                          id: keep
                          email: email

                    """))
            keys = try KeyStore.create(at: directory.file("keys"), passphrase: SecureBytes(Array("row order".utf8)))
        }

        func run(jobs: Int, target: String? = nil) throws -> RunReport {
            try MaskingRun(
                request: RunRequest(
                    profilePath: profile, target: target, jobs: jobs, reportPath: directory.file("report.json"),
                    manifestPath: directory.file("manifest.json")),
                progress: ProgressReporter(style: .silent), keyStore: keys
            ).execute()
        }

        /// A staging table's first column in the order its rows lie in the heap.
        func heapOrder(_ table: String) throws -> [String] {
            try TestPostgres.psql(database: databases.staging, "SELECT id FROM \(table) ORDER BY ctid")
                .split(separator: "\n").map(String.init)
        }
    }

    @Test("a refresh writes rows in the source's heap order, the same rows whatever --jobs", arguments: [1, 2])
    func refreshReadsInHeapOrder(jobs: Int) throws {
        let setup = try Setup()
        let report = try setup.run(jobs: jobs)
        #expect(report.rows == 6)
        #expect(try setup.heapOrder("t") == ["1", "4", "2", "3"])
        #expect(try setup.heapOrder("u") == ["2", "1"])
        let values = try TestPostgres.psql(
            database: setup.databases.staging, "SELECT string_agg(v, ',' ORDER BY id) FROM t")
        #expect(values == "a,b,cc,d")
        let emails = try TestPostgres.psql(
            database: setup.databases.staging,
            "SELECT count(*) FROM u WHERE email LIKE '%first%' OR email LIKE '%second%'")
        #expect(emails == "0")
    }

    @Test("a dump from a live source lists rows in key order")
    func dumpKeepsKeyOrder() throws {
        let setup = try Setup()
        let path = setup.directory.file("out.sql")
        _ = try setup.run(jobs: 2, target: path)
        let dump = try String(contentsOfFile: path, encoding: .utf8)
        let data = try #require(dump.range(of: "COPY public.t (id, v) FROM stdin;\n"))
        let lines = dump[data.upperBound...].split(separator: "\n").prefix(4).map { $0.split(separator: "\t")[0] }
        #expect(lines == ["1", "2", "3", "4"])
    }
}
