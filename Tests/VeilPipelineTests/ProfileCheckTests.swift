import Foundation
import Testing
import VeilTestSupport

@testable import VeilApp
@testable import VeilPipeline

@Suite("veil check")
struct ProfileCheckTests {
    @Test("a kept tsvector beside masked columns is flagged; reversible and one-way columns are listed")
    func derivedColumns() throws {
        let directory = TemporaryDirectory()
        let dump = directory.write(
            """
            CREATE TABLE public.notes (
                id integer NOT NULL,
                body text,
                search tsvector
            );
            COPY public.notes (id, body, search) FROM stdin;
            1\thello world\t'hello':1 'world':2
            \\.

            --
            -- PostgreSQL database dump complete
            --

            """, to: "notes.sql")
        let profile = directory.write(
            """
            version: 1
            source: \(dump)
            keys: { store: keys, passphrase: env:VEIL_PASSPHRASE }
            tables:
              notes: { columns: { id: { rule: fpe, short: hmac }, body: fake.full_name, search: keep } }
            """, to: "profile.yaml")
        let summary = try ProfileCheck(profilePath: profile).execute()
        #expect(summary.derivedColumnWarnings.count == 1)
        #expect(summary.derivedColumnWarnings.first?.hasPrefix("public.notes.search") == true)
        #expect(summary.reversibleColumns == ["public.notes.id"])
        #expect(summary.oneWayColumns == ["public.notes.body"])
        // short: hmac maps short values one-way, and check says so.
        #expect(summary.oneWayFallbacks.count == 1)
        #expect(summary.oneWayFallbacks.first?.hasPrefix("public.notes.id (fpe): ") == true)
    }
}
