import Foundation
import Testing
import VeilTestSupport

/// A `text[]` of emails masked with `email`, element by element: the copy restores, every array keeps its length and
/// NULL elements, and no original address is left in it.
@Suite("array columns end to end")
struct ArrayColumnsEndToEndTests {
    static let emails = (1...30).map { "person\($0).name@example\($0 % 3).org" }

    static func dump() -> String {
        var rows: [String] = []
        for id in 1...10 {
            let own = emails[(id * 3 - 3)..<(id * 3)].map { $0 }
            let array = id % 4 == 0 ? "{\(own[0]),NULL,\(own[1])}" : "{\(own.joined(separator: ","))}"
            rows.append("\(id)\t\(id == 5 ? "\\N" : array)")
        }
        return HandwrittenDump.plain(
            """
            CREATE TABLE public.people (
                id integer NOT NULL,
                emails text[]
            );

            COPY public.people (id, emails) FROM stdin;
            \(rows.joined(separator: "\n"))
            \\.

            ALTER TABLE ONLY public.people
                ADD CONSTRAINT people_pkey PRIMARY KEY (id);
            """)
    }

    @Test(
        "email on text[]: restores, lengths and NULLs kept, no original left",
        .enabled(if: TestPostgres.isAvailable, "needs VEIL_TEST_PG"))
    func emailsInArrays() throws {
        let scenario = Scenario()
        let source = scenario.directory.write(Self.dump(), to: "people.sql")
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: source,
            tables: "\ntables:\n  public.people:\n    columns:\n      id: keep\n      emails: email\n",
            extra: "leak_check: fail")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let output = try String(contentsOfFile: scenario.directory.file("masked.sql"), encoding: .utf8)
        for email in Self.emails { #expect(!output.contains(email), "an original address is in the copy") }

        let prod = try TestPostgres.createDatabase(prefix: "veil_arrays_prod")
        let masked = try TestPostgres.createDatabase(prefix: "veil_arrays_masked")
        defer {
            TestPostgres.dropDatabase(prod)
            TestPostgres.dropDatabase(masked)
        }
        #expect(try TestPostgres.restore(source, into: prod).status == 0)
        let restored = try TestPostgres.restore(scenario.directory.file("masked.sql"), into: masked)
        #expect(restored.status == 0, "\(restored.standardError)")
        let shape = """
            SELECT id, coalesce(cardinality(emails)::text, 'null'),
                   (SELECT count(*) FROM unnest(emails) e WHERE e IS NULL),
                   (SELECT count(*) FROM unnest(emails) e WHERE e LIKE '%@%') FROM people ORDER BY id
            """
        #expect(try TestPostgres.psql(database: prod, shape) == TestPostgres.psql(database: masked, shape))
    }
}
