import PostgresDriver
import Testing
import VeilTestSupport

@Suite("Snapshot export and import", .enabled(if: TestPostgres.isAvailable))
struct SnapshotTests {
    @Test func importedSnapshotIgnoresLaterInserts() throws {
        try withTestDatabase { url in
            let exporter = try PostgresConnection(conninfo: url)
            try exporter.execute("CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 10)")
            let snapshot = try exporter.exportSnapshot()
            #expect(exporter.transactionStatus == .inTransaction)
            #expect(!snapshot.isEmpty)

            let writer = try PostgresConnection(conninfo: url)
            try writer.execute("INSERT INTO t SELECT generate_series(11, 15)")

            let importer = try PostgresConnection(conninfo: url)
            try importer.importSnapshot(snapshot)
            #expect(try importer.execute("SELECT count(*) FROM t").value(row: 0, column: 0) == "10")
            #expect(try exporter.execute("SELECT count(*) FROM t").value(row: 0, column: 0) == "10")
            #expect(try writer.execute("SELECT count(*) FROM t").value(row: 0, column: 0) == "15")

            // The importer reads through COPY from the same moment.
            let copied = try importer.copyOut("COPY t TO STDOUT") { _ in }
            #expect(copied == 10)
            let readOnly = #expect(throws: PostgresError.self) { try importer.execute("INSERT INTO t VALUES (99)") }
            #expect(readOnly?.sqlState == "25006")
            try importer.rollback()
            try exporter.commit()
        }
    }

    @Test func malformedOrStaleSnapshotIsRefused() throws {
        let connection = try PostgresConnection(conninfo: TestPostgres.url!)
        let malformed = #expect(throws: PostgresError.self) { try connection.importSnapshot("1'; DROP TABLE x; --") }
        #expect(malformed?.code == .invalidArgument)
        let stale = #expect(throws: PostgresError.self) { try connection.importSnapshot("00000003-0000FFFF-1") }
        #expect(stale?.code == .queryFailed)
        #expect(connection.transactionStatus == .idle)
    }
}
