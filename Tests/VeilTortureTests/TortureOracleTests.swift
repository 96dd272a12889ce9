import Foundation
import Testing
import VeilTestSupport

/// The torture suite's own oracle: a check that cannot fail proves nothing, so each comparison is shown to tell
/// apart what it must (NULL from the empty string, canonically equivalent Unicode, a missing row, a lost
/// constraint).
@Suite("torture oracle")
struct TortureOracleTests {
    @Test("COPY text decodes tabs, backslashes and NULL, and keeps an empty single-column row")
    func copyText() {
        #expect(TortureValues.decode("a\\tb\t\\N\t\\\\x00\n") == [["a\tb", nil, "\\x00"]])
        #expect(TortureValues.decode("x\n\n\\N\n") == [["x"], [""], [nil]])
        #expect(TortureValues.decode("").isEmpty)
    }

    @Test("no blob of a nulled BLOB column starts another column's blob (SQLite seed 300), and draws stay aligned")
    func nulledBlobsStartNoKeptBlob() {
        var kept = TortureRandom(seed: 300)
        var nulled = TortureRandom(seed: 300)
        var keptBlobs: [String] = []
        for _ in 0..<2000 {
            let keptBlob = TortureSQLiteLiteral.longBlob(&kept)
            let nulledBlob = TortureSQLiteLiteral.nulledColumnBlob(&nulled)
            // The same number of draws: the next value of both generators is the same.
            #expect(kept.int(0...1_000_000) == nulled.int(0...1_000_000))
            #expect(nulledBlob.hasPrefix("X'B10B5E") && !keptBlob.hasPrefix("X'B10B5E"))
            keptBlobs.append(String(keptBlob.dropLast()))
        }
        var other = TortureRandom(seed: 301)
        for _ in 0..<2000 {
            let nulled = String(TortureSQLiteLiteral.nulledColumnBlob(&other).dropLast())
            #expect(!keptBlobs.contains { $0.hasPrefix(nulled) })
        }
    }

    @Test("multisets compare bytes: order is free, NULL is not empty, é is not e + U+0301")
    func multisets() {
        #expect(TortureOutputDigests.sameMultiset(["a", nil, "é"], [nil, "é", "a"]))
        #expect(!TortureOutputDigests.sameMultiset(["e\u{301}"], ["é"]))
        #expect(!TortureOutputDigests.sameMultiset([nil], [""]))
        #expect(!TortureOutputDigests.sameMultiset(["a", "a"], ["a"]))
        #expect(TortureSubset.isSubMultiset([["1", nil]], of: [["2", "x"], ["1", nil]]))
        #expect(!TortureSubset.isSubMultiset([["1", nil], ["1", nil]], of: [["1", nil]]))
        #expect(!TortureSubset.isSubMultiset([["1", ""]], of: [["1", nil]]))
        #expect(!TortureSubset.isSubMultiset([["1", "2"]], of: [["12", ""]]))
    }

    @Test("SQLite renderings follow the documented type mapping; numbers are stored as their affinity stores the text")
    func sqliteRenderings() {
        #expect(TortureSQLiteRendering(postgresType: "bigint") == .integer)
        #expect(TortureSQLiteRendering(postgresType: "integer[]") == .text)
        #expect(TortureSQLiteRendering(postgresType: "character varying(24)") == .text)
        #expect(TortureSQLiteRendering(postgresType: "numeric(12,4)") == .number(affinity: "NUMERIC"))
        #expect(TortureSQLiteRendering(postgresType: "double precision") == .number(affinity: "REAL"))
        let numeric = TortureSQLiteRendering.number(affinity: "NUMERIC")
        #expect(numeric.expected("0.0000") == "i:0")
        #expect(numeric.expected("12.5000") == "r:12.5")
        #expect(numeric.expected("NaN") == "t:NaN")
        #expect(numeric.expected("123456789012345678901234567890") == "r:1.2345678901234568e+29")
        let real = TortureSQLiteRendering.number(affinity: "REAL")
        #expect(real.expected("-0") == "r:-0.0" || real.expected("-0") == "r:0.0")
        #expect(real.expected("Infinity") == "r:inf")
        #expect(real.expected("-Infinity") == "r:-inf")
        #expect(real.expected("1.5e-7") == "r:1.5e-07")
        #expect(TortureSQLiteRendering.boolean.expected("t") == "i:1")
        #expect(TortureSQLiteRendering.blob.expected("\\x00FF") == "b:00ff")
        #expect(TortureSQLiteRendering.text.expected(nil) == nil)
    }

    @Test(
        "a copy without a source's constraint, NOT NULL or unique index, or with one NOT VALID, is told",
        .enabled(if: TestPostgres.isAvailable))
    func constraints() throws {
        let source = try TestPostgres.createDatabase(prefix: "veil_torture_oracle")
        let copy = try TestPostgres.createDatabase(prefix: "veil_torture_oracle")
        defer {
            TestPostgres.dropDatabase(source)
            TestPostgres.dropDatabase(copy)
        }
        try TestPostgres.psql(
            database: source,
            """
            CREATE TABLE p (id integer PRIMARY KEY, code text NOT NULL, CHECK (id > 0));
            CREATE TABLE c (id integer REFERENCES p (id));
            CREATE UNIQUE INDEX p_code ON p (lower(code));
            """)
        try TestPostgres.psql(
            database: copy,
            """
            CREATE TABLE p (id integer PRIMARY KEY, code text, CHECK (id > 0));
            CREATE TABLE c (id integer);
            ALTER TABLE c ADD CONSTRAINT c_id_fkey FOREIGN KEY (id) REFERENCES p (id) NOT VALID;
            """)
        let missing = try TortureConstraints(of: source).missing(in: try TortureConstraints(of: copy)).map(\.text)
        #expect(
            missing == [
                "public.c has c_id_fkey: FOREIGN KEY (id) REFERENCES p(id) NOT VALID",
                "public.p.code lost its NOT NULL",
                "public.p lacks the unique index p_code: CREATE UNIQUE INDEX p_code ON public.p USING btree (lower(code))",
            ])
        #expect(try TortureConstraints(of: source).missing(in: try TortureConstraints(of: source)).isEmpty)
    }
}
