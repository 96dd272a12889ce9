import Foundation
import SQLiteDriver
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// `SQLiteLiteral` and `SQLiteScriptWriter`: the SQLite-dialect script `veil snapshot` writes for a SQLite source.
@Suite("SQLite script writer: literal quoting, loading the script, atomic publication (unit, temporary files)")
struct SQLiteScriptWriterTests {
    @Test("text literals: quotes doubled, newlines and unicode kept, NUL-bearing text as a cast blob")
    func textLiterals() {
        #expect(SQLiteLiteral.literal("it's", affinity: .text) == "'it''s'")
        #expect(SQLiteLiteral.literal("''", affinity: .text) == "''''''")
        #expect(SQLiteLiteral.literal("a\nb\r\nc", affinity: .text) == "('a\nb' || char(13) || '\nc')")
        #expect(SQLiteLiteral.literal("Zoë 🙂 日本", affinity: .text) == "'Zoë 🙂 日本'")
        #expect(SQLiteLiteral.literal("", affinity: .text) == "''")
        #expect(SQLiteLiteral.literal("a\u{0}b", affinity: .text) == "CAST(X'610062' AS TEXT)")
        // A number in a TEXT column stays text.
        #expect(SQLiteLiteral.literal("42", affinity: .text) == "'42'")
    }

    @Test("NULL, numbers bare only where the affinity makes them numbers anyway, booleans, blobs")
    func otherLiterals() {
        for affinity in [SQLiteLiteral.Affinity.text, .integer, .real, .numeric, .blob, .boolean] {
            #expect(SQLiteLiteral.literal(nil, affinity: affinity) == "NULL")
        }
        #expect(SQLiteLiteral.literal("-42", affinity: .integer) == "-42")
        #expect(SQLiteLiteral.literal("9223372036854775807", affinity: .integer) == "9223372036854775807")
        #expect(SQLiteLiteral.literal("3.5", affinity: .real) == "3.5")
        #expect(SQLiteLiteral.literal("1e-05", affinity: .numeric) == "1e-05")
        // Not canonical: stays quoted, and the affinity converts it exactly as it converts a bound text.
        #expect(SQLiteLiteral.literal("007", affinity: .integer) == "'007'")
        #expect(SQLiteLiteral.literal("12 ", affinity: .integer) == "'12 '")
        // The infinities as `sqlite3 .dump` writes them (a REAL column stores the infinity, as the writer binds it).
        #expect(SQLiteLiteral.literal("Infinity", affinity: .real) == "1e999")
        #expect(SQLiteLiteral.literal("-Infinity", affinity: .numeric) == "-1e999")
        #expect(SQLiteLiteral.literal("Infinity", affinity: .text) == "'Infinity'")
        #expect(SQLiteLiteral.literal("1; DROP TABLE t", affinity: .integer) == "'1; DROP TABLE t'")
        #expect(SQLiteLiteral.literal("t", affinity: .boolean) == "1")
        #expect(SQLiteLiteral.literal("false", affinity: .boolean) == "0")
        #expect(SQLiteLiteral.literal("\\x00ff10", affinity: .blob) == "X'00FF10'")
        #expect(SQLiteLiteral.literal("\\x", affinity: .blob) == "X''")
        #expect(SQLiteLiteral.literal("not hex", affinity: .blob) == "'not hex'")
        #expect(SQLiteLiteral.Affinity(declaredType: "NVARCHAR(40)") == .text)
        #expect(SQLiteLiteral.Affinity(declaredType: "") == .blob)
        #expect(SQLiteLiteral.Affinity(declaredType: "NUMERIC(10,2)") == .numeric)
        #expect(SQLiteLiteral.Affinity(declaredType: "DOUBLE PRECISION") == .real)
        #expect(SQLiteLiteral.Affinity(declaredType: "BIGINT") == .integer)
    }

    /// Writes rows with awkward values through the writer, loads the script into a fresh database, and reads back
    /// every value with its storage class.
    @Test("a written script loads into a new database with every value and storage class intact")
    func scriptLoads() throws {
        let directory = TemporaryDirectory()
        let name = TableName(schema: "", name: "odd \"table\"")
        let table = TableSchema(
            name: name,
            columns: [
                Column(name: "id", type: "INTEGER"), Column(name: "note", type: "TEXT"),
                Column(name: "price", type: "NUMERIC(10,2)"), Column(name: "ratio", type: "REAL"),
                Column(name: "data", type: "BLOB"), Column(name: "flag", type: "BOOLEAN"),
            ], primaryKey: ["id"])
        let rows: [Row] = [
            ["1", "it's a \"test\"\nline two; -- not a comment", "12.50", "0.1", "\\x00ff", "t"],
            ["2", nil, "7", "-1e-05", nil, "f"],
            ["3", "Zoë 🙂", "x1", "Infinity", "\\xdeadbeef", nil],
            ["4", "a\u{0}b", "", "2.0", "plain text", "1"],
        ]
        let output = directory.path("out.sql")
        let writer = try SQLiteScriptWriter(path: output)
        try writer.begin(schema: DatabaseSchema(tables: [table]))
        try writer.write(
            .passthrough(
                "CREATE TABLE \"odd \"\"table\"\"\" (id INTEGER PRIMARY KEY, note TEXT, price NUMERIC(10,2), "
                    + "ratio REAL, data BLOB, flag BOOLEAN);\n"))
        try writer.write(.beginTable(TableData(table: name, columns: table.columns.map(\.name))))
        try writer.write(.rows(RowBatch(table: name, rows: rows, firstRowNumber: 1)))
        try writer.write(.endTable(name))
        try writer.write(.passthrough("CREATE INDEX ratio_index ON \"odd \"\"table\"\"\" (ratio);\n"))
        try writer.finish()

        let script = try String(contentsOfFile: output, encoding: .utf8)
        #expect(script.hasPrefix("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE"))
        #expect(script.hasSuffix("CREATE INDEX ratio_index ON \"odd \"\"table\"\"\" (ratio);\nCOMMIT;\n"))
        #expect(script.contains("INSERT INTO \"odd \"\"table\"\"\" VALUES(1,'it''s a \"test\"\nline two;"))
        let mode = try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let database = try SQLiteConnection(path: directory.path("loaded.sqlite"))
        try database.execute(script)
        let statement = try database.prepare(
            "SELECT id, note, typeof(note), price, typeof(price), ratio, typeof(ratio), hex(data), typeof(data), "
                + "flag, typeof(flag), length(CAST(note AS BLOB)) FROM \"odd \"\"table\"\"\" ORDER BY id")
        var read: [[String?]] = []
        while let row = try statement.step() { read.append((0..<row.columnCount).map { row.optionalText(at: $0) }) }
        #expect(read.count == 4)
        #expect(
            read[0] == ["1", rows[0][1], "text", "12.5", "real", "0.1", "real", "00FF", "blob", "1", "integer", "40"])
        // hex(NULL) is the empty string; typeof says NULL.
        #expect(read[1] == ["2", nil, "null", "7", "integer", "-1.0e-05", "real", "", "null", "0", "integer", nil])
        // `Infinity` in a REAL column is the REAL infinity (written `1e999`, as the SQLite writer binds it).
        #expect(read[2] == ["3", "Zoë 🙂", "text", "x1", "text", "Inf", "real", "DEADBEEF", "blob", nil, "null", "9"])
        #expect(read[3][2] == "text" && read[3][11] == "3", "the NUL-bearing text keeps its three bytes")
        #expect(read[3][3] == "" && read[3][5] == "2.0" && read[3][8] == "text" && read[3][9] == "1")
        let index = try database.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'ratio_index'")
        #expect(try index.step()?.int64(at: 0) == 1)
    }

    @Test("rows without every column (generated ones left out) name their columns")
    func columnList() throws {
        let directory = TemporaryDirectory()
        let name = TableName(schema: "", name: "t")
        let table = TableSchema(
            name: name,
            columns: [Column(name: "a", type: "INT"), Column(name: "b", type: "INT", isGenerated: true)])
        let writer = try SQLiteScriptWriter(path: directory.path("t.sql"))
        try writer.begin(schema: DatabaseSchema(tables: [table]))
        try writer.write(.beginTable(TableData(table: name, columns: ["a"])))
        try writer.write(.rows(RowBatch(table: name, rows: [["5"]], firstRowNumber: 1)))
        try writer.write(.endTable(name))
        try writer.finish()
        let script = try String(contentsOfFile: directory.path("t.sql"), encoding: .utf8)
        #expect(script.contains("INSERT INTO \"t\"(\"a\") VALUES(5);\n"))
    }

    @Test("nothing under the final name before finish, a 0600 temporary file, nothing at all after abort")
    func atomicPublication() throws {
        let directory = TemporaryDirectory()
        let output = directory.path("out.sql")
        let name = TableName(schema: "", name: "t")
        let writer = try SQLiteScriptWriter(path: output)
        let table = TableSchema(name: name, columns: [Column(name: "a", type: "")])
        try writer.begin(schema: DatabaseSchema(tables: [table]))
        try writer.write(.beginTable(TableData(table: name, columns: ["a"])))
        try writer.write(.rows(RowBatch(table: name, rows: [["x"]], firstRowNumber: 1)))
        #expect(!FileManager.default.fileExists(atPath: output))
        let mode = try FileManager.default.attributesOfItem(atPath: writer.temporaryPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        writer.abort()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
        #expect(throws: VeilError.self) { try writer.finish() }
    }
}
