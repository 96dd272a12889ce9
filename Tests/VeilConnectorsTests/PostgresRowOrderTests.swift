import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// Row order of a live source: the primary key's by default (a dump or CSV written from it is the same every time);
/// the order a sequential scan finds rows in after `readRowsInAnyOrder()`, which a database target asks for, since
/// it keeps no order (integration: needs `VEIL_TEST_PG`).
@Suite("PostgreSQL source row order (integration, live server)", .enabled(if: TestPostgres.isAvailable))
struct PostgresRowOrderTests {
    /// Rows inserted out of key order, and one row updated (PostgreSQL writes its new version at the heap's end).
    private static let setup = """
        CREATE TABLE t (id int PRIMARY KEY, v text);
        INSERT INTO t VALUES (3, 'c'), (1, 'a'), (4, 'd'), (2, 'b');
        UPDATE t SET v = 'cc' WHERE id = 3;
        CREATE TABLE u (id int PRIMARY KEY);
        INSERT INTO u VALUES (20), (10);
        """

    @Test func keyOrderByDefault() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_roworder")
        defer { TestPostgres.dropDatabase(database) }
        try TestPostgres.psql(database: database, Self.setup)
        let items = try readAll(try PostgresReader(conninfo: TestPostgres.url(database: database)))
        #expect(ids(of: "t", in: items) == ["1", "2", "3", "4"])
        #expect(ids(of: "u", in: items) == ["10", "20"])
    }

    /// In any order, one session or three (interleaved): the heap's order, the same rows and counts.
    @Test(arguments: [1, 3]) func anyOrderReadsTheHeapsOrder(connections: Int) throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_roworder")
        defer { TestPostgres.dropDatabase(database) }
        try TestPostgres.psql(database: database, Self.setup)
        let reader = try PostgresReader(conninfo: TestPostgres.url(database: database), connections: connections)
        try #require(reader.readRowsInAnyOrder())
        if connections > 1 { try #require(reader.interleaveTables(atMost: connections, cost: [:])) }
        let items = try readAll(reader)
        #expect(ids(of: "t", in: items) == ["1", "4", "2", "3"])
        #expect(ids(of: "u", in: items) == ["20", "10"])
        #expect(StreamSummary.rows(of: publicTable("t"), in: items).first { $0[0] == "3" }?[1] == "cc")
        #expect(reader.serverRowCounts() == [publicTable("t"): 4, publicTable("u"): 2])
    }

    /// A limit picks a table's first rows in key order, whatever order the rest may come in.
    @Test func aLimitKeepsKeyOrder() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_roworder")
        defer { TestPostgres.dropDatabase(database) }
        try TestPostgres.psql(database: database, Self.setup)
        let reader = try PostgresReader(conninfo: TestPostgres.url(database: database))
        reader.setRowFilter(RowFilter(condition: nil, limit: 2), for: publicTable("t"))
        try #require(reader.readRowsInAnyOrder())
        let items = try readAll(reader)
        #expect(ids(of: "t", in: items) == ["1", "2"])
        #expect(ids(of: "u", in: items) == ["20", "10"])
    }

    @Test func onlyBeforeTheStreamStarts() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_roworder")
        defer { TestPostgres.dropDatabase(database) }
        try TestPostgres.psql(database: database, Self.setup)
        let reader = try PostgresReader(conninfo: TestPostgres.url(database: database))
        let first = [try reader.next(), try reader.next()].compactMap { $0 }
        #expect(!reader.readRowsInAnyOrder())
        #expect(ids(of: "t", in: first + (try readAll(reader))) == ["1", "2", "3", "4"])
    }

    private func ids(of table: String, in items: [SourceItem]) -> [String?] {
        StreamSummary.rows(of: publicTable(table), in: items).map { $0[0] }
    }
}
