import Foundation
import SQLiteDriver
import Testing

@Suite("SQLiteConnection: open, execute, transactions, errors (unit, temporary files)")
struct ConnectionTests {
    /// A fresh file per test: Swift Testing makes one suite instance per test.
    let database = TemporaryDatabase()

    @Test func createsWritesAndReopensReadOnly() throws {
        do {
            let connection = try database.open()
            try connection.execute("CREATE TABLE t(a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'one'), (2, 'two');")
            #expect(connection.changes == 2)
        }
        let reader = try database.open(.readOnly)
        #expect(try reader.scalarText("SELECT count(*) FROM t") == "2")
        let error = #expect(throws: SQLiteError.self) { try reader.execute("INSERT INTO t VALUES (3, 'three')") }
        #expect(error?.code == .readOnly)
    }

    @Test func missingFileReadOnlyIsCantOpen() {
        let error = #expect(throws: SQLiteError.self) { try database.open(.readOnly) }
        #expect(error?.code == .cantOpen)
        #expect(error?.operation == "open")
        #expect(!FileManager.default.fileExists(atPath: database.path))
    }

    @Test func fileThatIsNotADatabaseFailsOnFirstStatement() throws {
        let text = String(repeating: "this is plain text, not a database\n", count: 100)
        try Data(text.utf8).write(to: URL(fileURLWithPath: database.path))
        let connection = try database.open(.readOnly)
        let error = #expect(throws: SQLiteError.self) {
            try connection.scalarText("SELECT count(*) FROM sqlite_schema")
        }
        #expect(error?.code == .notADatabase)
    }

    @Test func syntaxErrorCarriesCodeAndMessage() throws {
        let connection = try database.open()
        let error = #expect(throws: SQLiteError.self) { try connection.prepare("SELEC 1") }
        #expect(error?.code == .error)
        #expect(error?.operation == "prepare")
        #expect(error?.message.contains("syntax error") == true)
    }

    @Test func constraintErrorHasExtendedCodeAndNoValue() throws {
        let connection = try database.open()
        try connection.execute("CREATE TABLE t(a TEXT PRIMARY KEY)")
        let insert = try connection.prepare("INSERT INTO t VALUES (?)")
        try insert.bind(text: "secret-value-42", at: 1)
        try insert.run()
        let error = #expect(throws: SQLiteError.self) { try insert.run() }
        #expect(error?.code == .constraint)
        #expect(error?.extendedCode == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
        #expect(error?.description.contains("secret-value-42") == false)
        #expect(error?.message.contains("t.a") == true)
    }

    @Test func rollbackDiscardsAndCommitKeeps() throws {
        let connection = try database.open()
        try connection.execute("CREATE TABLE t(a INTEGER)")
        try connection.begin(.immediate)
        #expect(!connection.isAutocommit)
        try connection.execute("INSERT INTO t VALUES (1)")
        try connection.rollback()
        #expect(connection.isAutocommit)
        #expect(try connection.scalarText("SELECT count(*) FROM t") == "0")

        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES (2)")
                throw Failure()
            }
        }
        #expect(try connection.scalarText("SELECT count(*) FROM t") == "0")
        try connection.transaction { try connection.execute("INSERT INTO t VALUES (3)") }
        #expect(try connection.scalarText("SELECT a FROM t") == "3")
    }

    @Test func busyTimeoutThenBusyError() throws {
        let writer = try database.open()
        try writer.execute("CREATE TABLE t(a INTEGER)")
        let other = try database.open(.readWrite)
        try other.setBusyTimeout(milliseconds: 50)
        try writer.begin(.immediate)
        let start = Date()
        let error = #expect(throws: SQLiteError.self) { try other.begin(.immediate) }
        #expect(error?.code == .busy)
        #expect(Date().timeIntervalSince(start) >= 0.04)
        try writer.commit()
        try other.begin(.immediate)
        try other.commit()
    }
}
