import Foundation
import Testing
import VeilTestSupport

/// Arrays and JSON documents are masked part by part, so they are also checked part by part: an address copied from
/// a masked `text[]` into a kept column is a leak (it was not, while the array was watched as one literal), and a
/// rule other than `scrub` on a `jsonb` column masks every string leaf and restores with the document's shape.
@Suite("structured values end to end")
struct StructuredLeakEndToEndTests {
    static let emails = (1...12).map { "member\($0).person@example\($0 % 3).org" }
    static let names = ["Anna Katarina Berg", "Carl Johan Holm", "Dagny Solveig Lind", "Erik Magnus Stål"]

    static func dump(copiedIntoNote: Bool) -> String {
        let rows = (1...4).map { id in
            let own = emails[(id * 3 - 3)..<(id * 3)]
            let note = copiedIntoNote && id == 2 ? "write to \(own.first!)" : "no note"
            let profile =
                "{\"name\": \"\(names[id - 1])\", \"tags\": [\"\(names[id - 1]) (primary)\"], \"tier\": \(id)}"
            return "\(id)\t{\(own.joined(separator: ","))}\t\(note)\t\(profile)"
        }
        return HandwrittenDump.plain(
            """
            CREATE TABLE public.members (
                id integer NOT NULL,
                emails text[],
                note text,
                profile jsonb
            );

            COPY public.members (id, emails, note, profile) FROM stdin;
            \(rows.joined(separator: "\n"))
            \\.

            ALTER TABLE ONLY public.members
                ADD CONSTRAINT members_pkey PRIMARY KEY (id);
            """)
    }

    static func profile(_ scenario: Scenario, source: String, target: String = "masked.sql") throws -> String {
        try scenario.writeProfile(
            base: "shop.yaml", source: source, target: target,
            tables: """

                tables:
                  public.members:
                    columns:
                      id: keep
                      emails: email
                      note: keep
                      profile: fake.full_name

                """,
            extra: "leak_check: fail")
    }

    @Test("an address of a masked text[] copied into a kept column fails the run's leak check; nothing is published")
    func arrayElementWatched() throws {
        let scenario = Scenario()
        let source = scenario.directory.write(Self.dump(copiedIntoNote: true), to: "members.sql")
        let profile = try Self.profile(scenario, source: source)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 2, "\(run.standardError)")
        #expect(run.standardError.contains("public.members.note"), "\(run.standardError)")
        #expect(!scenario.exists("masked.sql"))
        #expect(!run.standardError.contains("member4.person"), "a value in the message")
    }

    @Test(
        "a refresh runs the leak check too: a leak fails it (exit 2) before the swap, and staging is not created",
        .enabled(if: TestPostgres.isAvailable, "needs VEIL_TEST_PG"))
    func refreshLeakChecked() throws {
        let scenario = Scenario()
        let source = scenario.directory.write(Self.dump(copiedIntoNote: true), to: "members.sql")
        let staging = "veil_leakref_\(getpid())_\(UUID().uuidString.prefix(6).lowercased())"
        defer {
            for database in (try? StagingOracle.databases(startingWith: staging)) ?? [] {
                TestPostgres.dropDatabase(database)
            }
        }
        let profile = try Self.profile(scenario, source: source, target: TestPostgres.url(database: staging))
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let refresh = try scenario.veil(
            ["refresh", profile, "--quiet", "--report", scenario.directory.file("report.json")])
        #expect(refresh.status == 2, "\(refresh.standardError)")
        #expect(refresh.standardError.contains("public.members.note"), "\(refresh.standardError)")
        #expect(try StagingOracle.databases(startingWith: staging).isEmpty)
        let report = try String(contentsOfFile: scenario.directory.file("report.json"), encoding: .utf8)
        #expect(report.contains("\"leak\""), "\(report)")
    }

    @Test(
        "fake.full_name on jsonb masks every string leaf; the copy restores with the same shapes and no original",
        .enabled(if: TestPostgres.isAvailable, "needs VEIL_TEST_PG"))
    func rulesOnJSONLeaves() throws {
        let scenario = Scenario()
        let source = scenario.directory.write(Self.dump(copiedIntoNote: false), to: "members.sql")
        let profile = try Self.profile(scenario, source: source)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        #expect(try scenario.veil(["check", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let output = try String(contentsOfFile: scenario.directory.file("masked.sql"), encoding: .utf8)
        for name in Self.names { #expect(!output.contains(name), "an original name is in the copy") }
        for email in Self.emails { #expect(!output.contains(email), "an original address is in the copy") }

        let prod = try TestPostgres.createDatabase(prefix: "veil_structured_prod")
        let masked = try TestPostgres.createDatabase(prefix: "veil_structured_masked")
        defer {
            TestPostgres.dropDatabase(prod)
            TestPostgres.dropDatabase(masked)
        }
        #expect(try TestPostgres.restore(source, into: prod).status == 0)
        let restored = try TestPostgres.restore(scenario.directory.file("masked.sql"), into: masked)
        #expect(restored.status == 0, "\(restored.standardError)")
        let shape = """
            SELECT id, profile->>'tier', jsonb_typeof(profile->'name'), jsonb_array_length(profile->'tags'),
                   cardinality(emails) FROM members ORDER BY id
            """
        #expect(try TestPostgres.psql(database: prod, shape) == TestPostgres.psql(database: masked, shape))
    }
}
