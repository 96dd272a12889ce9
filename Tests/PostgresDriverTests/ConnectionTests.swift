import Foundation
import PostgresDriver
import Testing
import VeilTestSupport

@Suite("PostgresConnection against a live server", .enabled(if: TestPostgres.isAvailable))
struct ConnectionTests {
    @Test func connectsAndReportsServerVersion() throws {
        let connection = try PostgresConnection(conninfo: TestPostgres.url!)
        #expect(connection.serverVersion >= 100_000)
        #expect(connection.isConnected)
        #expect(connection.backendPID > 0)
        let version = try connection.execute("SHOW server_version_num")
        #expect(Int(version.value(row: 0, column: 0) ?? "") == connection.serverVersion)
        let identifier = try connection.systemIdentifier()
        #expect(!identifier.isEmpty && identifier.allSatisfy(\.isNumber))
    }

    @Test func keyValueConninfoWorks() throws {
        let url = URLComponents(string: TestPostgres.url!)!
        let conninfo = "host=\(url.host!) port=\(url.port ?? 5432) user=\(url.user ?? "postgres") dbname=postgres"
        let connection = try PostgresConnection(conninfo: conninfo)
        #expect(connection.databaseName == "postgres")
    }

    @Test(arguments: [
        // Nothing listens on port 1.
        "postgresql://postgres:secretvalue123@127.0.0.1:1/postgres?connect_timeout=5",
        "host=127.0.0.1 port=1 user=postgres password=secretvalue123 connect_timeout=5",
    ])
    func unreachableServerFailsWithoutPassword(conninfo: String) {
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(conninfo: conninfo) }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.isEmpty == false)
        #expect(error.map { !"\($0)".contains("secretvalue123") } == true)
        #expect(error.map { !String(reflecting: $0).contains("secretvalue123") } == true)
    }

    @Test func unknownRoleFailsWithoutPassword() {
        let conninfo = testURL(user: "veil_no_such_role", password: "secretvalue123")
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(conninfo: conninfo) }
        #expect(error?.code == .connectionFailed)
        #expect(error.map { !"\($0)".contains("secretvalue123") } == true)
        #expect(error?.message.contains("veil_no_such_role") == true)
    }

    @Test func queriesReturnNullsUnicodeAndColumnNames() throws {
        let connection = try PostgresConnection(conninfo: TestPostgres.url!)
        let result = try connection.execute(
            "SELECT 1 AS id, NULL::text AS nothing, 'Zoë 日本 🐘'::text AS name, ''::text AS empty, 'a\tb' AS tab")
        #expect(result.rowCount == 1 && result.columnCount == 5)
        #expect((0..<5).map(result.columnName(at:)) == ["id", "nothing", "name", "empty", "tab"])
        #expect(result.row(0) == ["1", nil, "Zoë 日本 🐘", "", "a\tb"])
        #expect(result.isNull(row: 0, column: 1) && !result.isNull(row: 0, column: 3))
        #expect(result.columnIndex(named: "name") == 2)
        #expect(result.columnTypeOID(at: 0) == 23)
        #expect(result.commandStatus == "SELECT 1")
    }

    @Test func parametersAreSentSeparately() throws {
        let connection = try PostgresConnection(conninfo: TestPostgres.url!)
        let tricky = "O'Brien\"; DROP TABLE x; -- \\ 🐘"
        let result = try connection.execute(
            "SELECT $1::text, $2::text IS NULL, $3::int + 1", parameters: [tricky, nil, "41"])
        #expect(result.row(0) == [tricky, "t", "42"])
    }

    @Test func quotingRoundTrips() throws {
        let connection = try PostgresConnection(conninfo: TestPostgres.url!)
        #expect(try connection.quoteIdentifier("my \"table\"") == "\"my \"\"table\"\"\"")
        #expect(try connection.quoteLiteral("O'Brien") == "'O''Brien'")
        for text in ["O'Brien", "back\\slash", "日本 'x' \"y\"", ""] {
            let quoted = try connection.quoteLiteral(text)
            let ident = try connection.quoteIdentifier(text.isEmpty ? "e" : text)
            let result = try connection.execute("SELECT \(quoted) AS \(ident)")
            #expect(result.value(row: 0, column: 0) == text)
            #expect(result.columnName(at: 0) == (text.isEmpty ? "e" : text))
        }
    }

    @Test func failedQueryGivesTypedErrorAndConnectionStaysUsable() throws {
        let connection = try PostgresConnection(conninfo: TestPostgres.url!)
        let error = #expect(throws: PostgresError.self) { try connection.execute("SELECT * FROM veil_missing_table") }
        #expect(error?.code == .queryFailed)
        #expect(error?.isUndefinedTable == true)
        #expect(error?.sqlState == "42P01")
        #expect(try connection.execute("SELECT 2").value(row: 0, column: 0) == "2")
        let copy = #expect(throws: PostgresError.self) { try connection.execute("COPY (SELECT 1) TO STDOUT") }
        #expect(copy?.code == .invalidArgument)
        #expect(try connection.execute("SELECT 3").value(row: 0, column: 0) == "3")
    }

    @Test func uniqueViolationNamesNoValue() throws {
        try withTestDatabase { url in
            let connection = try PostgresConnection(conninfo: url)
            try connection.execute("CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE)")
            try connection.execute("INSERT INTO users VALUES ($1, $2)", parameters: ["1", "x.secret@example.org"])
            let error = #expect(throws: PostgresError.self) {
                try connection.execute("INSERT INTO users VALUES ($1, $2)", parameters: ["2", "x.secret@example.org"])
            }
            #expect(error?.isUniqueViolation == true)
            #expect(error?.sqlState == "23505")
            #expect(error?.message.contains("users_email_key") == true)
            let text = error.map { "\($0) \(String(reflecting: $0))" } ?? ""
            #expect(!text.contains("x.secret@example.org") && !text.contains("(email)"))
        }
    }

    @Test func transactionsCommitAndRollBack() throws {
        try withTestDatabase { url in
            let connection = try PostgresConnection(conninfo: url)
            try connection.execute("CREATE TABLE t (n int)")
            struct Boom: Error {}
            #expect(throws: Boom.self) {
                try connection.transaction {
                    try connection.execute("INSERT INTO t VALUES (1)")
                    #expect(connection.transactionStatus == .inTransaction)
                    throw Boom()
                }
            }
            #expect(connection.transactionStatus == .idle)
            let count = try connection.transaction(isolation: .serializable) {
                try connection.execute("INSERT INTO t VALUES (2)")
                return try connection.execute("SELECT count(*) FROM t").value(row: 0, column: 0)
            }
            #expect(count == "1")
            #expect(try connection.execute("SELECT n FROM t").row(0) == ["2"])
        }
    }
}
