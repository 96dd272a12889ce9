import Foundation
import PostgresDriver
import Testing
import VeilTestSupport

/// libpq passes text as C strings, so a NUL character would silently cut a parameter, an identifier, a literal or
/// the SQL itself short (`alice\0x` would reach the server as `alice`). The driver refuses such text before libpq
/// sees it, with a typed error that names what was refused and never the value.
@Suite("NUL characters never reach libpq", .enabled(if: TestPostgres.isAvailable))
struct NULRefusalTests {
    static let secret = "alice\u{0}-top-secret"

    static func expectRefused(_ what: String, _ body: () throws -> Void) {
        let error = #expect(throws: PostgresError.self, "\(what)") { try body() }
        #expect(error?.code == .invalidArgument, "\(what): \(String(describing: error))")
        #expect(error?.message.contains("NUL") == true, "\(what): \(String(describing: error))")
        #expect(error.map { !"\($0)".contains("top-secret") && !"\($0)".contains("alice") } == true)
    }

    @Test("a parameter holding NUL is refused, not truncated; other parameters still travel whole")
    func parameters() throws {
        let connection = try PostgresConnection(conninfo: TestPostgres.url!)
        Self.expectRefused("parameter") {
            let result = try connection.execute("SELECT $1::text", parameters: [Self.secret])
            Issue.record("the server received \(result.value(row: 0, column: 0)?.utf8.count ?? 0) bytes of 18")
        }
        Self.expectRefused("second parameter") {
            _ = try connection.execute("SELECT $1::text, $2::text", parameters: ["fine", nil] + [Self.secret])
        }
        // The connection is still usable, and text without NUL (any other control character included) is exact.
        let text = "tab\there\u{1}\u{7F}é"
        #expect(try connection.execute("SELECT $1::text", parameters: [text]).value(row: 0, column: 0) == text)
    }

    @Test("SQL text, identifiers, literals, COPY statements and conninfo holding NUL are refused")
    func statementsAndNames() throws {
        let connection = try PostgresConnection(conninfo: TestPostgres.url!)
        Self.expectRefused("SQL") { try connection.execute("SELECT 1\u{0}; SELECT pg_sleep(0)") }
        Self.expectRefused("SQL with parameters") {
            _ = try connection.execute("SELECT $1\u{0}::text", parameters: ["a"])
        }
        Self.expectRefused("identifier") { _ = try connection.quoteIdentifier("customers\u{0}_shadow") }
        Self.expectRefused("literal") { _ = try connection.quoteLiteral(Self.secret) }
        Self.expectRefused("COPY out") { try connection.copyOut("COPY (SELECT 1) TO STDOUT\u{0} x") { _ in } }
        Self.expectRefused("COPY in") { _ = try connection.copyIn("COPY t FROM STDIN\u{0}") }
        Self.expectRefused("conninfo") {
            _ = try PostgresConnection(conninfo: TestPostgres.url! + "\u{0}sslmode=disable")
        }
        #expect(try connection.execute("SELECT 1").value(row: 0, column: 0) == "1")
    }
}
