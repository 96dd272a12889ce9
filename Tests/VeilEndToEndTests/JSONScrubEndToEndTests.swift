import Foundation
import Testing
import VeilTestSupport

/// A `jsonb` column holding emails and phones inside its documents: the `veil scan` skeleton suggests `scrub`,
/// `veil check` accepts it as written, and the copy restores with the same document shapes and no original left.
@Suite("scrub on json end to end")
struct JSONScrubEndToEndTests {
    static let emails = (1...20).map { "member\($0).person@example\($0 % 4).org" }

    static func dump() -> String {
        let rows = emails.enumerated().map { index, email in
            "\(index + 1)\t{\"contact\": {\"email\": \"\(email)\", \"note\": \"reach \(email) by mail\"}, \"tier\": \(index % 3)}"
        }
        return HandwrittenDump.plain(
            """
            CREATE TABLE public.members (
                id integer NOT NULL,
                profile jsonb
            );

            COPY public.members (id, profile) FROM stdin;
            \(rows.joined(separator: "\n"))
            \\.

            ALTER TABLE ONLY public.members
                ADD CONSTRAINT members_pkey PRIMARY KEY (id);
            """)
    }

    @Test(
        "skeleton suggests scrub, check accepts it, the copy restores with the same shapes and no original",
        .enabled(if: TestPostgres.isAvailable, "needs VEIL_TEST_PG"))
    func scrubbedDocuments() throws {
        let scenario = Scenario()
        scenario.directory.write(Self.dump(), to: "members.sql")
        let yaml = try ScanEndToEndTests.scanCheckAndRun(
            scenario, source: "members.sql", output: "out/members-masked.sql")
        let rule = try #require(ScanEndToEndTests.rule(yaml, table: "members", column: "profile"))
        #expect(rule.contains("scrub"), "\(rule)")
        let output = try String(contentsOfFile: scenario.directory.file("out/members-masked.sql"), encoding: .utf8)
        for email in Self.emails { #expect(!output.contains(email), "an original address is in the copy") }

        let prod = try TestPostgres.createDatabase(prefix: "veil_json_prod")
        let masked = try TestPostgres.createDatabase(prefix: "veil_json_masked")
        defer {
            TestPostgres.dropDatabase(prod)
            TestPostgres.dropDatabase(masked)
        }
        #expect(try TestPostgres.restore(scenario.directory.file("members.sql"), into: prod).status == 0)
        let restored = try TestPostgres.restore(scenario.directory.file("out/members-masked.sql"), into: masked)
        #expect(restored.status == 0, "\(restored.standardError)")
        let shape = """
            SELECT id, profile->>'tier', jsonb_typeof(profile->'contact'->'email'),
                   profile->'contact'->>'email' LIKE '%@%' FROM members ORDER BY id
            """
        #expect(try TestPostgres.psql(database: prod, shape) == TestPostgres.psql(database: masked, shape))
    }
}
