import SQLiteDriver
import Testing

@Suite("SQLiteStatement: bind, step, column types (unit, temporary files)")
struct StatementTests {
    /// A fresh file per test: Swift Testing makes one suite instance per test.
    let database = TemporaryDatabase()

    @Test func bindsEveryTypeAndReadsItBack() throws {
        let connection = try database.open()
        try connection.execute("CREATE TABLE t(i, r, s, b, n)")
        let insert = try connection.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
        #expect(insert.parameterCount == 5)
        try insert.bind(int64: Int64.min, at: 1)
        try insert.bind(double: 0.1, at: 2)
        try insert.bind(text: "héllo\u{0}wörld", at: 3)
        try insert.bind(blob: [0x00, 0xFF, 0x10], at: 4)
        try insert.bindNull(at: 5)
        try insert.run()

        let select = try connection.prepare("SELECT i, r, s, b, n FROM t")
        #expect(select.columnNames == ["i", "r", "s", "b", "n"])
        let row = try #require(try select.step())
        #expect(row.columnCount == 5)
        #expect(row.type(at: 0) == .integer)
        #expect(row.int64(at: 0) == Int64.min)
        #expect(row.type(at: 1) == .real)
        #expect(row.double(at: 1) == 0.1)
        #expect(row.type(at: 2) == .text)
        #expect(row.text(at: 2) == "héllo\u{0}wörld")
        #expect(row.type(at: 3) == .blob)
        #expect(row.blob(at: 3) == [0x00, 0xFF, 0x10])
        #expect(row.type(at: 4) == .null)
        #expect(row.isNull(at: 4))
        #expect(row.optionalText(at: 4) == nil)
        #expect(try select.step() == nil)
    }

    @Test func emptyTextAndEmptyBlobAreNotNull() throws {
        let connection = try database.open()
        try connection.execute("CREATE TABLE t(s, b)")
        let insert = try connection.prepare("INSERT INTO t VALUES (?, ?)")
        try insert.bind(text: "", at: 1)
        try insert.bind(blob: [], at: 2)
        try insert.run()
        let row = try #require(try connection.prepare("SELECT s, b, typeof(s), typeof(b) FROM t").step())
        #expect(row.type(at: 0) == .text)
        #expect(row.text(at: 0) == "")
        #expect(row.type(at: 1) == .blob)
        #expect(row.blob(at: 1) == [])
        #expect(row.text(at: 2) == "text")
        #expect(row.text(at: 3) == "blob")
    }

    @Test func resetRunsAgainAndOptionalTextBindsNull() throws {
        let connection = try database.open()
        try connection.execute("CREATE TABLE t(a INTEGER, s TEXT)")
        let insert = try connection.prepare("INSERT INTO t VALUES (?, ?)")
        for value in 1...3 {
            try insert.bind(int64: Int64(value), at: 1)
            try insert.bind(text: value == 2 ? nil : "v\(value)", at: 2)
            try insert.run()
        }
        let select = try connection.prepare("SELECT a, s FROM t WHERE a >= ? ORDER BY a")
        try select.bind(int64: 2, at: 1)
        var seen: [String?] = []
        while let row = try select.step() { seen.append(row.optionalText(at: 1)) }
        #expect(seen == [nil, "v3"])
        try select.reset()
        try select.bind(int64: 3, at: 1)
        #expect(try select.step()?.int64(at: 0) == 3)
    }

    @Test func declaredAffinityConvertsBoundText() throws {
        let connection = try database.open()
        try connection.execute("CREATE TABLE t(i INTEGER, n NUMERIC, r REAL)")
        let insert = try connection.prepare("INSERT INTO t VALUES (?, ?, ?)")
        try insert.bind(text: "42", at: 1)
        try insert.bind(text: "0.99", at: 2)
        try insert.bind(text: "1.5", at: 3)
        try insert.run()
        let row = try #require(try connection.prepare("SELECT i, n, r FROM t").step())
        #expect(row.type(at: 0) == .integer)
        #expect(row.type(at: 1) == .real)
        #expect(row.double(at: 1) == 0.99)
        #expect(row.type(at: 2) == .real)
    }

    @Test func bindOutOfRangeIsRangeError() throws {
        let connection = try database.open()
        let statement = try connection.prepare("SELECT ?")
        let error = #expect(throws: SQLiteError.self) { try statement.bind(int64: 1, at: 2) }
        #expect(error?.code == .range)
    }
}
