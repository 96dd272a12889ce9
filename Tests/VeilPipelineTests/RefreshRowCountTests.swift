import Foundation
import Testing
import VeilApp
import VeilCore
import VeilCrypto
import VeilTestSupport
import VeilVault

@testable import VeilPipeline

/// The refresh's row count check (integration: needs `VEIL_TEST_PG`). The copy's counts are the target's own
/// (each COPY's command tag) and the source's are its server's (each COPY's command tag in the snapshot), so a table
/// whose rows end early between the two, without any error, fails the refresh and leaves staging as it was.
@Suite(
    "refresh row counts (integration, live server)", .serialized,
    .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
struct RefreshRowCountTests {
    static let rows = 10_000

    /// A source with `notes` (10,000 rows: several batches) and `tags` (3 rows), a staging name, a profile that
    /// keeps both, and a key store; the databases are dropped at the end.
    final class Setup {
        let directory = TemporaryDirectory("veil-refresh-counts")
        let databases: LiveRefreshDatabases
        var source: String { databases.source }
        var staging: String { databases.staging }
        let profile: String
        let keys: KeyStore

        init() throws {
            databases = try LiveRefreshDatabases(prefix: "veil_counts")
            try TestPostgres.psql(
                database: databases.source,
                """
                CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL);
                INSERT INTO notes SELECT g, 'note ' || g FROM generate_series(1, \(RefreshRowCountTests.rows)) g;
                CREATE TABLE tags (id integer PRIMARY KEY, name text);
                INSERT INTO tags VALUES (1, 'a'), (2, 'b'), (3, NULL);
                """)
            profile = try directory.file(
                "profile.yaml",
                databases.profile(
                    keys: directory.file("keys"),
                    """
                    tables:
                      public.notes: keep
                      public.tags: keep

                    """))
            keys = try KeyStore.create(at: directory.file("keys"), passphrase: SecureBytes(Array("row counts".utf8)))
        }

        /// Refreshes staging, the source read through `wrap`.
        func refresh(jobs: Int, through wrap: (RowSource) -> RowSource = { $0 }) throws -> RunReport {
            let request = RunRequest(
                profilePath: profile, jobs: jobs, reportPath: directory.file("report.json"),
                manifestPath: directory.file("manifest.json"))
            let leakCheck = RunLeakCheck()
            let run = try PreparedRun(request: request, keyStore: keys, alongsideKeys: leakCheck.prepare)
            return try StagingRefresh(request: request, progress: ProgressReporter(style: .silent))
                .execute(run.readingThrough(wrap), leakCheck: leakCheck)
        }

        func count(_ table: String) throws -> String {
            try TestPostgres.psql(database: staging, "SELECT count(*) FROM \(table)")
        }
    }

    @Test(
        "a table whose rows end early without an error fails the refresh; staging keeps its copy",
        arguments: [1, 2, 4])
    func shortTableFailsTheRefresh(jobs: Int) throws {
        let setup = try Setup()
        let first = try setup.refresh(jobs: jobs)
        #expect(first.rows == Self.rows + 3)
        #expect(try setup.count("notes") == String(Self.rows))

        try TestPostgres.psql(database: setup.source, "INSERT INTO tags VALUES (4, 'd')")
        let short = TableName(schema: "public", name: "notes")
        #expect {
            _ = try setup.refresh(jobs: jobs) { EarlyEndingSource($0, table: short) }
        } throws: { error in
            let error = error as? VeilError
            return error?.code == .target && error?.message.contains("row counts differ") == true
                && error?.message.contains("\(short): source \(Self.rows), copy ") == true
                && error?.message.contains("copy \(Self.rows)") == false
        }
        // The first copy stays: its 3 tags, not the source's 4 now.
        #expect(try setup.count("notes") == String(Self.rows))
        #expect(try setup.count("tags") == "3")
        let leftovers = try TestPostgres.psql(
            database: "postgres",
            "SELECT count(*) FROM pg_database WHERE datname IN ('\(setup.staging)__veil_next', '\(setup.staging)__veil_old')"
        )
        #expect(leftovers == "0")
    }
}

/// Passes a source through, except that `table`'s rows end after its first batch: the rest are read from the
/// source (so its COPY ends and is counted) but never reach the sink, and no error is raised.
final class EarlyEndingSource: RowSource {
    private let inner: RowSource
    private let table: TableName
    private var batchesSeen = 0

    init(_ inner: RowSource, table: TableName) {
        self.inner = inner
        self.table = table
    }

    func schema() throws -> DatabaseSchema { try inner.schema() }
    func serverRowCounts() -> [TableName: Int]? { inner.serverRowCounts() }
    func interleaveTables(atMost tables: Int, cost: [TableName: Int]) -> Bool {
        inner.interleaveTables(atMost: tables, cost: cost)
    }
    func readRowsInAnyOrder() -> Bool { inner.readRowsInAnyOrder() }

    func next() throws -> SourceItem? {
        while let item = try inner.next() {
            guard case .rows(let batch) = item, batch.table == table else { return item }
            batchesSeen += 1
            if batchesSeen == 1 { return item }
        }
        return nil
    }
}
