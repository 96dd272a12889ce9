import Foundation
import Testing
import VeilTestSupport

/// A masked value that would break a CHECK constraint stops the run before anything is written.
@Suite("CHECK constraints end to end")
struct CheckConstraintEndToEndTests {
    @Test("a rule whose output breaks a CHECK exits 3 naming table, column, row and constraint; no output")
    func brokenCheckStopsTheRun() throws {
        let scenario = Scenario()
        let dump = scenario.directory.write(
            """
            CREATE TABLE public.codes (
                id integer NOT NULL,
                code text CONSTRAINT code_not_placeholder CHECK ((code <> 'REDACTED'::text)),
                amount numeric(8,2) CONSTRAINT amount_positive CHECK ((amount > (0)::numeric))
            );
            COPY public.codes (id, code, amount) FROM stdin;
            1\tsecret-one\t10.00
            2\tsecret-two\t20.00
            \\.

            --
            -- PostgreSQL database dump complete
            --

            """, to: "codes.sql")
        let tables = """

            tables:
              public.codes:
                columns: { id: keep, code: CODE_RULE, amount: keep }
            """
        let broken = try scenario.writeProfile(
            named: "broken.yaml", base: "shop.yaml", source: dump,
            tables: tables.replacingOccurrences(
                of: "CODE_RULE", with: "redact"))
        #expect(try scenario.veil(["keys", "init", broken]).status == 0)
        let run = try scenario.veil(["run", broken])
        #expect(run.status == 3, "\(run.standardError)")
        #expect(run.standardError.contains("code_not_placeholder"))
        #expect(run.standardError.contains("public.codes"))
        #expect(run.standardError.contains("row 1"))
        #expect(!run.standardError.contains("secret-one"))
        #expect(!scenario.exists("masked.sql"))

        let fine = try scenario.writeProfile(
            named: "fine.yaml", base: "shop.yaml", source: dump,
            tables: tables.replacingOccurrences(
                of: "CODE_RULE", with: "{ rule: hmac, length: 12 }"))
        let ok = try scenario.veil(["run", fine, "--quiet"])
        #expect(ok.status == 0, "\(ok.standardError)")
        #expect(scenario.exists("masked.sql"))
    }
}
