import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// `readColumns` (``ColumnPassSource``): the chosen columns' values, exactly as the stream decodes them, and
/// nothing of the other tables; the stream afterwards is the same as a fresh reader's.
@Suite("Column pass")
struct ColumnPassTests {
    /// "schema.table.column" → the column's non-NULL values in stream order.
    typealias Values = [String: [String]]

    /// What the stream yields for the wanted columns.
    static func expected(_ items: [SourceItem], wanted: [TableName: Set<String>]) -> Values {
        var values: Values = [:]
        var columns: [String] = []
        for item in items {
            switch item {
            case .beginTable(let data): columns = data.columns
            case .rows(let batch):
                guard let names = wanted[batch.table] else { continue }
                for (position, name) in columns.enumerated() where names.contains(name) {
                    let key = "\(batch.table).\(name)"
                    values[key, default: []] += batch.rows.compactMap { position < $0.count ? $0[position] : nil }
                }
            case .endTable, .passthrough: break
            }
        }
        return values.filter { !$0.value.isEmpty }
    }

    static func pass(_ source: ColumnPassSource, wanted: [TableName: Set<String>]) throws -> Values {
        var values: Values = [:]
        try source.readColumns(wanted) { table, column, bytes in
            values["\(table).\(column)", default: []].append(String(decoding: bytes, as: UTF8.self))
        }
        return values
    }

    /// Every column of every other table with data (so some tables are skipped).
    static func everyOtherTable(_ schema: DatabaseSchema) -> [TableName: Set<String>] {
        var wanted: [TableName: Set<String>] = [:]
        for (offset, table) in schema.tables.enumerated() where offset % 2 == 0 {
            wanted[table.name] = Set(table.columns.map(\.name))
        }
        return wanted
    }

    @Test(
        "pg_dump COPY and INSERT dumps, escapes and NULLs: the pass gives the stream's values, then the stream is whole",
        arguments: [Fixture.local("edge-cases.sql"), Fixture.pagilaCopy, Fixture.pagilaInserts])
    func dump(path: String) throws {
        let fresh = try readAll(PgDumpReader(path: path))
        let reader = try PgDumpReader(path: path)
        let wanted = Self.everyOtherTable(try reader.schema())
        let expected = Self.expected(fresh, wanted: wanted)
        #expect(!expected.isEmpty)
        let got = try Self.pass(reader, wanted: wanted)
        #expect(got.keys.sorted() == expected.keys.sorted())
        for (key, values) in expected { #expect(got[key] == values, "\(key)") }
        #expect(!got.keys.contains { key in !wanted.keys.contains { key.hasPrefix("\($0).") } })
        // The pass left the reader's own stream untouched.
        let after = try readAll(reader)
        #expect(after.count == fresh.count)
        #expect(Self.expected(after, wanted: wanted) == expected)
        #expect(StreamSummary(after).passthrough == StreamSummary(fresh).passthrough)
    }

    @Test("pg_dump: one column of one table, values with tabs, newlines and backslashes unescaped")
    func dumpEscapes() throws {
        let path = Fixture.local("edge-cases.sql")
        let fresh = try readAll(PgDumpReader(path: path))
        var wanted: [TableName: Set<String>] = [:]
        var escaped = 0
        for case .rows(let batch) in fresh {
            for row in batch.rows {
                for field in row {
                    guard let field, field.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\\" }) else { continue }
                    escaped += 1
                }
            }
        }
        try #require(escaped > 0, "the fixture has values with escapes")
        for case .beginTable(let data) in fresh {
            if let last = data.columns.last { wanted[data.table] = [last] }
        }
        let got = try Self.pass(try PgDumpReader(path: path), wanted: wanted)
        #expect(got == Self.expected(fresh, wanted: wanted))
    }

    @Test("SQLite: the pass selects only the chosen columns, in the reader's transaction")
    func sqlite() throws {
        let path = PackagePaths.fixture("chinook/Chinook_Sqlite.sqlite")
        let fresh = try readAll(SQLiteReader(path: path, batchSize: 500))
        let reader = try SQLiteReader(path: path, batchSize: 500)
        let wanted = Self.everyOtherTable(try reader.schema())
        let expected = Self.expected(fresh, wanted: wanted)
        #expect(expected.values.reduce(0) { $0 + $1.count } > 1000)
        #expect(try Self.pass(reader, wanted: wanted) == expected)
        #expect(Self.expected(try readAll(reader), wanted: wanted) == expected)
    }
}

/// The live PostgreSQL column pass runs on the snapshot's exporting session, selecting only the chosen columns and
/// without `ORDER BY` (integration: needs `VEIL_TEST_PG`).
@Suite("Column pass (integration, live server)", .enabled(if: TestPostgres.isAvailable), .serialized)
struct PostgresColumnPassTests {
    @Test("pagila live: the pass gives the stream's values, sees the snapshot, and leaves the stream whole")
    func pagila() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_columnpass")
        defer { TestPostgres.dropDatabase(database) }
        let restore = try TestPostgres.restore(Fixture.pagilaCopy, into: database)
        try #require(restore.status == 0, "restore failed: \(restore.standardError.prefix(2000))")
        let url = TestPostgres.url(database: database)
        let fresh = try readAll(PostgresReader(conninfo: url, batchSize: 1000))
        let reader = try PostgresReader(conninfo: url, connections: 2, batchSize: 1000)
        // A row added after the reader's snapshot is seen neither by the pass nor by the stream.
        _ = try TestPostgres.psql(
            database: database,
            "INSERT INTO customer (store_id, first_name, last_name, email, address_id, active) "
                + "VALUES (1, 'LATE', 'ARRIVAL', 'late.arrival@example.com', 1, 1)")
        var wanted = ColumnPassTests.everyOtherTable(try reader.schema())
        wanted[publicTable("customer")] = ["email", "first_name"]
        // A table none of whose named columns it reads is skipped, not queried with an empty column list.
        wanted[publicTable("language")] = ["not_a_column"]
        let expected = ColumnPassTests.expected(fresh, wanted: wanted)
        let got = try ColumnPassTests.pass(reader, wanted: wanted)
        #expect(got.keys.sorted() == expected.keys.sorted())
        // The same values, in any row order: the pass reads without sorting by the key.
        for (key, values) in expected { #expect(got[key]?.sorted() == values.sorted(), "\(key)") }
        #expect(!got.values.contains { $0.contains("late.arrival@example.com") })
        #expect(ColumnPassTests.expected(try readAll(reader), wanted: wanted) == expected)
    }
}
