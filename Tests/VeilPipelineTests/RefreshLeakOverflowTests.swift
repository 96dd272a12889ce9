import Foundation
import Testing
import VeilApp
import VeilCore
import VeilCrypto
import VeilTestSupport
import VeilVault

@testable import VeilPipeline

/// A refresh whose leak candidates are more than the run keeps in memory (integration: needs `VEIL_TEST_PG`). The
/// copy reads back in the order of its primary key, here a masked email, so not in the order the rows were written:
/// a candidate's row number points at another row there. Every leak must still count.
@Suite(
    "refresh leak candidates beyond the kept ones (integration, live server)",
    .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
struct RefreshLeakOverflowTests {
    /// 300 people keyed by their email; every tenth one's kept note repeats it: 30 leaks.
    static let people = 300
    static let leaks = 30

    @Test(
        "30 leaks in a kept column are all counted, whether the run keeps its candidates or not", arguments: [5, 1_000])
    func everyLeakCounts(capturedLimit: Int) throws {
        let directory = TemporaryDirectory("veil-refresh-overflow")
        let databases = try LiveRefreshDatabases(prefix: "veil_overflow")
        try TestPostgres.psql(
            database: databases.source,
            """
            CREATE TABLE people (email text PRIMARY KEY, note text NOT NULL);
            INSERT INTO people SELECT 'person' || g || '@example.org',
                CASE WHEN g % 10 = 0 THEN 'write to person' || g || '@example.org' ELSE 'no contact' END
            FROM generate_series(1, \(Self.people)) g;
            """)
        let profile = try directory.file(
            "profile.yaml",
            databases.profile(
                keys: directory.file("keys"),
                """
                leak_check: warn
                tables:
                  public.people:
                    columns:
                      email: email
                      note: keep

                """))
        let keys = try KeyStore.create(at: directory.file("keys"), passphrase: SecureBytes(Array("overflow".utf8)))
        let request = RunRequest(profilePath: profile, jobs: 2, reportPath: directory.file("report.json"))
        let leakCheck = RunLeakCheck(capturedLimit: capturedLimit)
        let run = try PreparedRun(request: request, keyStore: keys, alongsideKeys: leakCheck.prepare)
        let report = try StagingRefresh(request: request, progress: ProgressReporter(style: .silent))
            .execute(run, leakCheck: leakCheck)
        #expect(report.leaksFound == Self.leaks)
        #expect(report.leaks?["public.people.note"] == Self.leaks, "\(report.leaks ?? [:])")
    }
}
