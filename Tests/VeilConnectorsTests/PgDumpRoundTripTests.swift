import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// Reader to writer with no change in between.
@Suite("pg_dump round trip")
struct PgDumpRoundTripTests {
    @Test("pagila COPY dump: the identity copy is byte-identical")
    func pagilaIdentical() throws {
        let directory = TemporaryDirectory()
        let output = try identityCopy(Fixture.pagilaCopy, to: directory.path("out.sql"))
        #expect(output == (try fileData(Fixture.pagilaCopy)))
    }

    @Test("edge cases with large objects kept: byte-identical")
    func edgeCasesIdentical() throws {
        let directory = TemporaryDirectory()
        let input = Fixture.local("edge-cases.sql")
        let output = try identityCopy(
            input, to: directory.path("out.sql"), options: PgDumpReaderOptions(keepLargeObjects: true))
        #expect(output == (try fileData(input)))
    }

    @Test(
        "byte-identical whatever the read chunk size (units crossing every buffer boundary)",
        arguments: [64, 100, 777, 4096])
    func chunkBoundaries(chunkSize: Int) throws {
        let directory = TemporaryDirectory()
        for input in [Fixture.local("edge-cases.sql"), Fixture.local("edge-cases-inserts.sql")] {
            let output = directory.path("out.sql")
            let reader = try PgDumpReader(
                path: input, options: PgDumpReaderOptions(batchSize: 2, keepLargeObjects: true), chunkSize: chunkSize)
            try copyAll(reader, into: PgDumpWriter(path: output))
            let expected = try identityCopy(
                input, to: directory.path("reference.sql"), options: PgDumpReaderOptions(keepLargeObjects: true))
            #expect(try fileData(output) == expected)
        }
        let pagila = try PgDumpReader(path: Fixture.pagilaCopy, options: .init(), chunkSize: chunkSize * 16)
        try copyAll(pagila, into: PgDumpWriter(path: directory.path("pagila.sql")))
        #expect(try fileData(directory.path("pagila.sql")) == (try fileData(Fixture.pagilaCopy)))
    }

    @Test(
        "dropping large objects or comments gives what pg_dump -B / --no-comments writes",
        arguments: [
            (false, true, "edge-cases-no-blobs.sql"),
            (false, false, "edge-cases-no-blobs-no-comments.sql"),
            (true, false, "edge-cases-no-comments.sql"),
        ])
    func dropping(keepLargeObjects: Bool, keepComments: Bool, expected: String) throws {
        let directory = TemporaryDirectory()
        let options = PgDumpReaderOptions(keepLargeObjects: keepLargeObjects, keepComments: keepComments)
        let output = try identityCopy(Fixture.local("edge-cases.sql"), to: directory.path("out.sql"), options: options)
        #expect(withoutRestrictKeys(output) == withoutRestrictKeys(try fileData(Fixture.local(expected))))
    }

    @Test("large objects are dropped by default and kept with the option")
    func largeObjects() throws {
        let directory = TemporaryDirectory()
        let input = Fixture.local("edge-cases.sql")
        let dropped = String(decoding: try identityCopy(input, to: directory.path("a.sql")), as: UTF8.self)
        for marker in [
            "lo_create", "lo_open", "lowrite", "lo_close", "LARGE OBJECT", "Type: BLOB", "BEGIN;", "COMMIT;",
        ] {
            #expect(!dropped.contains(marker), "\(marker) left in the output")
        }
        #expect(dropped.contains("COPY public.docs (id, title, body) FROM stdin;\n1\tfirst\t16420\n"))
        let kept = String(
            decoding: try identityCopy(
                input, to: directory.path("b.sql"), options: PgDumpReaderOptions(keepLargeObjects: true)),
            as: UTF8.self)
        #expect(kept.contains("SELECT pg_catalog.lowrite(0, '\\x68656c6c6f0a776f726c64');"))
        #expect(kept.contains("GRANT SELECT ON LARGE OBJECT 16420 TO PUBLIC;"))
        #expect(kept.contains("COMMENT ON LARGE OBJECT 16420 IS 'a comment';"))
    }

    @Test(
        "INSERT dumps: the copy reads back to the same rows and text",
        arguments: [
            "edge-cases-inserts.sql", "edge-cases-rows-per-insert.sql", "edge-cases-inserts-nonstandard-strings.sql",
        ])
    func insertDumps(name: String) throws {
        let directory = TemporaryDirectory()
        let input = Fixture.local(name)
        try identityCopy(input, to: directory.path("out.sql"))
        let original = try readAll(PgDumpReader(path: input))
        let copied = try readAll(PgDumpReader(path: directory.path("out.sql")))
        let before = StreamSummary(original)
        let after = StreamSummary(copied)
        #expect(after.passthrough == before.passthrough)
        #expect(after.data == before.data)
        for table in before.tables {
            #expect(StreamSummary.rows(of: table, in: copied) == StreamSummary.rows(of: table, in: original))
        }
        #expect(before.rows[publicTable("Wéird Table")] == 3)
    }

    @Test("INSERT dumps are written back the way pg_dump writes them, values quoted")
    func insertRendering() throws {
        let directory = TemporaryDirectory()
        let single = String(
            decoding: try identityCopy(Fixture.local("edge-cases-inserts.sql"), to: directory.path("a.sql")),
            as: UTF8.self)
        #expect(single.contains("INSERT INTO public.ident OVERRIDING SYSTEM VALUE VALUES ('1', 'a');\n"))
        let generated =
            "INSERT INTO public.\"Wéird Table\" VALUES (NULL, '-5', 'false', 'ünïcødé 😀', NULL, NULL, DEFAULT);"
        #expect(single.contains(generated + "\n"))
        #expect(single.contains("INSERT INTO public.empty_t DEFAULT VALUES;\n"))
        let multi = String(
            decoding: try identityCopy(Fixture.local("edge-cases-rows-per-insert.sql"), to: directory.path("b.sql")),
            as: UTF8.self)
        let twoRows =
            "INSERT INTO public.docs (id, title, body) VALUES\n\t('1', 'first', '16420'),\n\t('2', 'second', '16421');"
        #expect(multi.contains(twoRows + "\n"))
        let nonStandard = String(
            decoding: try identityCopy(
                Fixture.local("edge-cases-inserts-nonstandard-strings.sql"), to: directory.path("c.sql")),
            as: UTF8.self)
        #expect(nonStandard.contains("SET standard_conforming_strings = off;\n"))
        #expect(nonStandard.contains("VALUES ('back\\\\slash\ttab\nnewline', '1', 'true', 'O''Reilly'"))
    }

    @Test("pagila --inserts: the copy reads back to the same rows")
    func pagilaInserts() throws {
        let directory = TemporaryDirectory()
        try identityCopy(Fixture.pagilaInserts, to: directory.path("out.sql"))
        let original = try readAll(PgDumpReader(path: Fixture.pagilaInserts))
        let copied = try readAll(PgDumpReader(path: directory.path("out.sql")))
        #expect(StreamSummary(copied).passthrough == StreamSummary(original).passthrough)
        for table in [publicTable("customer"), publicTable("staff"), publicTable("film")] {
            #expect(StreamSummary.rows(of: table, in: copied) == StreamSummary.rows(of: table, in: original))
        }
    }
}
