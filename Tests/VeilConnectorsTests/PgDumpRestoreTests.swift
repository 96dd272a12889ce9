import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// Integration: restores a written dump into a real PostgreSQL server. Runs only when `VEIL_TEST_PG` holds a
/// libpq connection string or URL for a superuser of a throwaway server (CI sets it), e.g.
/// `postgresql://postgres@127.0.0.1:54331/postgres`.
@Suite("pg_dump restore (integration)")
struct PgDumpRestoreTests {
    static let connection = ProcessInfo.processInfo.environment["VEIL_TEST_PG"]

    @Test(
        "the identity copy of pagila --inserts restores with psql -v ON_ERROR_STOP=1 and has the same counts",
        .enabled(
            if: connection != nil,
            "VEIL_TEST_PG is not set: set it to a superuser connection URL of a throwaway PostgreSQL server"))
    func restoreInserts() throws {
        let admin = try #require(Self.connection)
        let directory = TemporaryDirectory()
        let output = directory.path("pagila-inserts-copy.sql")
        try identityCopy(Fixture.pagilaInserts, to: output)

        let database = "veil_pgdump_test_\(UInt32.random(in: 0...UInt32.max))"
        _ = try psql(admin, ["-c", "CREATE DATABASE \(database)"])
        defer { _ = try? psql(admin, ["-c", "DROP DATABASE IF EXISTS \(database) WITH (FORCE)"]) }
        let target = try Self.connection(admin, database: database)
        _ = try psql(target, ["-q", "--single-transaction", "-f", output])
        let counts = try psql(
            target,
            [
                "-A", "-t", "-c",
                "SELECT (SELECT count(*) FROM public.customer) || ' ' || (SELECT count(*) FROM public.rental)",
            ])
        #expect(counts.trimmingCharacters(in: .whitespacesAndNewlines) == "599 16044")
    }

    /// Runs psql with `ON_ERROR_STOP` and returns its standard output; fails on a non-zero exit.
    private func psql(_ connection: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-v", "ON_ERROR_STOP=1", "-d", connection] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = String(decoding: errData, as: UTF8.self)
        #expect(process.terminationStatus == 0, "psql failed: \(stderr.prefix(2000))")
        if process.terminationStatus != 0 { throw VeilError(.target, "psql exited with \(process.terminationStatus)") }
        return String(decoding: outData, as: UTF8.self)
    }

    /// The same server with another database: the URL's path, or a `dbname=` appended to a key/value string.
    static func connection(_ base: String, database: String) throws -> String {
        if base.hasPrefix("postgres://") || base.hasPrefix("postgresql://") {
            var components = try #require(URLComponents(string: base))
            components.path = "/" + database
            return try #require(components.string)
        }
        return base + " dbname=" + database
    }
}
