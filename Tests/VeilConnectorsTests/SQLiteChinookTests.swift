import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// The Chinook sample database, read and written back (end-to-end through the SQLite connectors).
@Suite("SQLite connectors: Chinook round trip (integration, fixture file)")
struct SQLiteChinookTests {
    static let chinook = Fixture.packageRoot.appendingPathComponent("Fixtures/chinook/Chinook_Sqlite.sqlite").path
    static let expectedCounts = [
        "Album": 347, "Artist": 275, "Customer": 59, "Employee": 8, "Genre": 25, "Invoice": 412,
        "InvoiceLine": 2240, "MediaType": 5, "Playlist": 18, "PlaylistTrack": 8715, "Track": 3503,
    ]

    @Test func schemaDescribesCustomerAndInvoice() throws {
        let schema = try SQLiteReader(path: Self.chinook).schema()
        #expect(Set(schema.tables.map(\.name.name)) == Set(Self.expectedCounts.keys))
        let customer = try #require(schema[TableName(schema: "", name: "Customer")])
        #expect(customer.columns.map(\.name).prefix(3) == ["CustomerId", "FirstName", "LastName"])
        #expect(customer.columns.count == 13)
        #expect(customer.primaryKey == ["CustomerId"])
        #expect(customer.column(named: "FirstName")?.type == "NVARCHAR(40)")
        #expect(customer.column(named: "FirstName")?.isNotNull == true)
        #expect(customer.column(named: "Company")?.isNotNull == false)
        let invoice = try #require(schema[TableName(schema: "", name: "Invoice")])
        let key = try #require(invoice.foreignKeys.first { $0.columns == ["CustomerId"] })
        #expect(key.referencedTable == TableName(schema: "", name: "Customer"))
        #expect(key.referencedColumns == ["CustomerId"])
        let playlistTrack = try #require(schema[TableName(schema: "", name: "PlaylistTrack")])
        #expect(playlistTrack.primaryKey == ["PlaylistId", "TrackId"])
    }

    @Test func expectedRowCountsMatchTheDataset() throws {
        let counts = try #require(try SQLiteReader(path: Self.chinook).expectedRowCounts())
        #expect(Dictionary(uniqueKeysWithValues: counts.map { ($0.key.name, $0.value) }) == Self.expectedCounts)
    }

    @Test func streamIsBeginRowsEndPerTableWithNoPassthrough() throws {
        let items = try readAll(SQLiteReader(path: Self.chinook, batchSize: 1000))
        let summary = StreamSummary(items)
        #expect(summary.passthrough.isEmpty)
        #expect(Dictionary(uniqueKeysWithValues: summary.rows.map { ($0.key.name, $0.value) }) == Self.expectedCounts)
        let trackBatches = items.compactMap { item -> RowBatch? in
            if case .rows(let batch) = item, batch.table.name == "Track" { return batch }
            return nil
        }
        #expect(trackBatches.map(\.firstRowNumber) == [1, 1001, 2001, 3001])
        #expect(summary.data.allSatisfy { $0.style == .copy })
    }

    @Test func roundTripKeepsTablesCountsValuesAndForeignKeys() throws {
        let directory = TemporaryDirectory()
        let output = directory.path("copy.sqlite")
        let reader = try SQLiteReader(path: Self.chinook)
        let writer = try SQLiteWriter(path: output)
        try writer.begin(schema: try reader.schema())
        try copyAll(reader, into: writer)

        let attributes = try FileManager.default.attributesOfItem(atPath: output)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["copy.sqlite"])

        let copy = try SQLiteReader(path: output)
        let counts = try #require(try copy.expectedRowCounts())
        #expect(Dictionary(uniqueKeysWithValues: counts.map { ($0.key.name, $0.value) }) == Self.expectedCounts)
        let schema = try copy.schema()
        let invoice = try #require(schema[TableName(schema: "", name: "Invoice")])
        #expect(invoice.foreignKeys.contains { $0.columns == ["CustomerId"] && $0.referencedTable.name == "Customer" })
        #expect(schema[TableName(schema: "", name: "Customer")]?.primaryKey == ["CustomerId"])
        #expect(try foreignKeyViolations(output) == 0)
        let originalSchema = try SQLiteReader(path: Self.chinook).schema()
        #expect(originalSchema.tables.reduce(0) { $0 + $1.foreignKeys.count } == 11)
        for table in originalSchema.tables {
            let copied = try #require(schema[table.name])
            #expect(copied.columns == table.columns, "table \(table.name)")
            #expect(copied.primaryKey == table.primaryKey, "table \(table.name)")
            #expect(Set(copied.foreignKeys) == Set(table.foreignKeys), "table \(table.name)")
        }

        // Every value of every table, row by row (InvoiceLine.UnitPrice and Invoice.Total are NUMERIC/REAL).
        let originalItems = try readAll(SQLiteReader(path: Self.chinook))
        let copiedItems = try readAll(SQLiteReader(path: output))
        for table in ["Invoice", "InvoiceLine", "Track", "Employee"] {
            let name = TableName(schema: "", name: table)
            let original = StreamSummary.rows(of: name, in: originalItems)
            #expect(!original.isEmpty)
            #expect(StreamSummary.rows(of: name, in: copiedItems) == original, "table \(table)")
        }
        let unitPrices = StreamSummary.rows(of: TableName(schema: "", name: "InvoiceLine"), in: copiedItems).map {
            $0[3]
        }
        #expect(unitPrices.contains("0.99"))
    }
}

/// The number of rows `PRAGMA foreign_key_check` reports for a database file.
func foreignKeyViolations(_ path: String) throws -> Int {
    try SQLiteReader(path: path).foreignKeyViolationCount()
}
