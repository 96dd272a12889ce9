import Foundation
import SQLiteDriver
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// A carriage return in a text value of a SQLite script (`veil snapshot --out FILE.sql` of a SQLite source): the
/// `sqlite3` shell, which the README says loads the script, drops a CR that ends an input line, so a CR written
/// raw before a line feed was lost (`CRLF\r\nend` loaded as `CRLF\nend`; torture seeds 2, 5, 6, 9 and 10 of the
/// SQLite file-source suite). `sqlite3 .dump` writes it as `char(13)`; so does Veil now.
@Suite("SQLite script: a carriage return survives the sqlite3 shell")
struct SQLiteScriptCarriageReturnTests {
    @Test("text with CRLF, a lone CR and a trailing CR loads through the sqlite3 shell byte for byte, as text")
    func carriageReturns() throws {
        let shell = try #require(ProcessRunner.which("sqlite3"), "the sqlite3 shell loads the script")
        let directory = TemporaryDirectory()
        let name = TableName(schema: "", name: "notes")
        let table = TableSchema(
            name: name, columns: [Column(name: "id", type: "INTEGER"), Column(name: "body", type: "")],
            primaryKey: ["id"])
        let texts = ["CRLF\r\nend", "lone\rcr", "trailing\r", "\r\n", "\r", "it's\r\n'quoted'\r\n"]
        let output = directory.path("out.sql")
        let writer = try SQLiteScriptWriter(path: output)
        try writer.begin(schema: DatabaseSchema(tables: [table]))
        try writer.write(.passthrough("CREATE TABLE notes (id INTEGER PRIMARY KEY, body);\n"))
        try writer.write(.beginTable(TableData(table: name, columns: ["id", "body"])))
        let rows: [Row] = texts.enumerated().map { ["\($0.offset + 1)", $0.element] }
        try writer.write(.rows(RowBatch(table: name, rows: rows, firstRowNumber: 1)))
        try writer.write(.endTable(name))
        try writer.finish()

        let loaded = directory.path("loaded.sqlite")
        let load = try ProcessRunner.run(
            shell, ["-bail", loaded], input: try String(contentsOfFile: output, encoding: .utf8))
        #expect(load.status == 0, "\(load.standardError)")
        let connection = try SQLiteConnection(path: loaded, mode: .readOnly)
        let statement = try connection.prepare("SELECT hex(body), typeof(body) FROM notes ORDER BY id")
        var read: [[String]] = []
        while let row = try statement.step() { read.append([row.text(at: 0), row.text(at: 1)]) }
        let expected = texts.map { [$0.utf8.map { String(format: "%02X", $0) }.joined(), "text"] }
        #expect(read == expected)
    }
}
