import Foundation
import SQLiteDriver
import Testing

/// SQLite reads SQL text and file names as C strings: a NUL would end them early (`SELECT 1\0; DROP ...` runs
/// `SELECT 1`; `vault.sqlite\0.bak` opens `vault.sqlite`). The driver refuses them; bound text, which travels with
/// its length, keeps a NUL intact.
@Suite("SQLite: NUL characters")
struct SQLiteNULRefusalTests {
    static func expectRefused(_ what: String, _ body: () throws -> Void) {
        let error = #expect(throws: SQLiteError.self, "\(what)") { try body() }
        #expect(error?.code == .misuse, "\(what): \(String(describing: error))")
        #expect(error?.message.contains("NUL") == true, "\(what): \(String(describing: error))")
    }

    @Test("SQL text and file names holding NUL are refused")
    func refused() throws {
        let database = TemporaryDatabase()
        let connection = try database.open()
        try connection.execute("CREATE TABLE t (name TEXT)")
        Self.expectRefused("prepare") { _ = try connection.prepare("SELECT 1\u{0} garbage that is never parsed") }
        Self.expectRefused("execute") { try connection.execute("INSERT INTO t VALUES ('a');\u{0}DROP TABLE t") }
        Self.expectRefused("identifier") { _ = try connection.prepare("SELECT * FROM \"t\u{0}_shadow\"") }
        Self.expectRefused("open") { _ = try SQLiteConnection(path: database.path + "\u{0}.other", mode: .create) }
        #expect(try connection.scalarText("SELECT count(*) FROM t") == "0")
    }

    @Test("bound text keeps a NUL and everything after it")
    func boundText() throws {
        let database = TemporaryDatabase()
        let connection = try database.open()
        try connection.execute("CREATE TABLE t (name TEXT)")
        let insert = try connection.prepare("INSERT INTO t VALUES (?)")
        try insert.bind(text: "ab\u{0}cd", at: 1)
        try insert.run()
        let select = try connection.prepare("SELECT name, length(CAST(name AS BLOB)) FROM t")
        let row = try #require(try select.step())
        #expect(row.text(at: 0) == "ab\u{0}cd")
        #expect(row.int64(at: 1) == 5)
    }
}
