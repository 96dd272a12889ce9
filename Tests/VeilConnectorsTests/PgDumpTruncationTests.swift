import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// Truncated and malformed dumps fail before anything is streamed, without leaving output behind.
@Suite("pg_dump reader: truncated and malformed dumps")
struct PgDumpTruncationTests {
    /// pagila cut `offset` bytes after the first occurrence of `marker`.
    private func truncatedPagila(after marker: String, by offset: Int, in directory: TemporaryDirectory) throws
        -> String
    {
        let data = try fileData(Fixture.pagilaCopy)
        let range = try #require(data.range(of: Data(marker.utf8)))
        let path = directory.path("truncated.sql")
        try data.prefix(range.upperBound + offset).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs reader → writer and returns the error; the writer is aborted as a run would.
    private func failingCopy(_ input: String, into directory: TemporaryDirectory) throws -> VeilError {
        let writer = try PgDumpWriter(path: directory.path("out.sql"))
        let reader = try PgDumpReader(path: input)
        var streamed = 0
        let error = try #require(throws: VeilError.self) {
            do {
                while let item = try reader.next() {
                    streamed += 1
                    try writer.write(item)
                }
                try writer.finish()
            } catch {
                writer.abort()
                throw error
            }
        }
        #expect(streamed == 0, "items were streamed before the error")
        return error
    }

    @Test("cut in the middle of a COPY block")
    func cutInCopy() throws {
        let directory = TemporaryDirectory()
        let input = try truncatedPagila(after: "COPY public.rental ", by: 200_000, in: directory)
        let outputs = TemporaryDirectory()
        let error = try failingCopy(input, into: outputs)
        #expect(error.code == .source)
        #expect(error.message.contains("public.rental") && error.message.contains("truncated"))
        #expect(error.message.hasPrefix("line "))
        let tail = String(decoding: try fileData(input).suffix(20), as: UTF8.self)
        #expect(!error.description.contains(tail.split(separator: "\n").last.map(String.init) ?? "\u{0}"))
        #expect(try outputs.contents() == [], "output or temporary file left behind")
        let fresh = try PgDumpReader(path: input)
        #expect(throws: VeilError.self) { try fresh.schema() }
    }

    @Test("cut inside a dollar-quoted function body")
    func cutInFunction() throws {
        let directory = TemporaryDirectory()
        let input = try truncatedPagila(after: "CREATE FUNCTION public.get_customer_balance", by: 400, in: directory)
        let outputs = TemporaryDirectory()
        let error = try failingCopy(input, into: outputs)
        #expect(error.code == .source)
        #expect(error.message.contains("unterminated dollar-quoted string"))
        #expect(error.message.hasPrefix("line 107:"))
        #expect(try outputs.contents() == [])
    }

    @Test(
        "malformed endings are refused with their line",
        arguments: [
            ("SET a = 1;\nCOMMENT ON TABLE t IS 'open string;\n", "line 2: unterminated string literal"),
            ("SET a = 1;\n/* open /* nested */ comment\n", "line 2: unterminated comment"),
            ("SET a = 1;\nCREATE TABLE t (\n  a int\n", "line 2: the statement starting here has no terminating"),
            ("CREATE TABLE \"open identifier;\n", "line 1: unterminated quoted identifier"),
            ("COPY public.t (a) FROM stdin;\n1\n2", "line 3: the COPY data of public.t ends without"),
            ("COPY public.t (a) FROM stdin WITH (FORMAT csv);\n1\n\\.\n", "line 1: COPY FROM stdin with options"),
        ])
    func malformed(text: String, message: String) throws {
        let directory = TemporaryDirectory()
        let reader = try PgDumpReader(path: try directory.file("bad.sql", text))
        let error = try #require(throws: VeilError.self) { try reader.next() }
        #expect(error.code == .source)
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }

    @Test("a COPY row with the wrong number of fields names the line and table, not the values")
    func wrongFieldCount() throws {
        let directory = TemporaryDirectory()
        let input = try directory.file(
            "bad.sql",
            "CREATE TABLE public.people (name text, email text);\nCOPY public.people (name, email) FROM stdin;\n"
                + "Ann\tann@example.com\nBob\tbob@example.com\textra-secret\n\\.\n")
        let error = try #require(throws: VeilError.self) { try PgDumpReader(path: input).schema() }
        #expect(error.code == .source)
        #expect(error.message.hasPrefix("line 4: a COPY row of public.people has 3 fields where 2 columns"))
        #expect(error.location?.row == 2)
        for secret in ["Bob", "bob@example.com", "extra-secret"] { #expect(!error.description.contains(secret)) }
    }

    @Test("a dump that is not UTF-8 is refused up front")
    func notUTF8() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("latin1.sql")
        try Data("SET client_encoding = 'LATIN1';\nSELECT 'caf".utf8 + [0xE9] + "';\n".utf8).write(
            to: URL(fileURLWithPath: path))
        let error = try #require(throws: VeilError.self) { try PgDumpReader(path: path).schema() }
        #expect(error.message.hasPrefix("line 2: the dump is not valid UTF-8"))
    }

    @Test("an unreadable path is a source error")
    func unreadable() {
        let error = #expect(throws: VeilError.self) { try PgDumpReader(path: "/nonexistent/dump.sql") }
        #expect(error?.code == .source)
    }
}
