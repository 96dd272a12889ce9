import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// A PostgreSQL dump into SQLite: schemas, partitions, types and foreign keys (integration, fixture file).
@Suite("SQLiteWriter: pagila plain dump into SQLite (integration, fixture file)")
struct SQLitePagilaTests {
    @Test func pagilaDumpLoadsWithPartitionsMergedAndForeignKeysHolding() throws {
        let directory = TemporaryDirectory()
        let output = directory.path("pagila.sqlite")
        let source = try PgDumpReader(path: Fixture.pagilaCopy)
        let schema = try source.schema()
        let expected = try #require(try source.expectedRowCounts())
        let writer = try SQLiteWriter(path: output)
        try writer.begin(schema: schema)
        try copyAll(source, into: writer)

        let copy = try SQLiteReader(path: output)
        let copied = try #require(try copy.expectedRowCounts())
        // Every source row is in its table, or in its root parent's table for partitions.
        var wanted: [String: Int] = [:]
        for table in schema.tables {
            var root = table
            while let parent = root.parent, let parentTable = schema[parent] { root = parentTable }
            let name = root.name.schema == "public" ? root.name.name : "\(root.name.schema)_\(root.name.name)"
            wanted[name, default: 0] += expected[table.name] ?? 0
        }
        let got = Dictionary(uniqueKeysWithValues: copied.map { ($0.key.name, $0.value) })
        #expect(got == wanted)
        #expect(got["payment"] == wanted["payment"])
        #expect((got["payment"] ?? 0) > 10_000)
        #expect(got.keys.allSatisfy { !$0.hasPrefix("payment_p") })
        #expect(try copy.foreignKeyViolationCount() == 0)
        let rental = try #require(try copy.schema()[TableName(schema: "", name: "rental")])
        #expect(rental.foreignKeys.contains { $0.referencedTable.name == "customer" })
    }
}
