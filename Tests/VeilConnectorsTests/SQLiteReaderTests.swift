import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// Builds source databases with the `sqlite3` shell, which can write any DDL (this target does not link the driver).
private let sqliteShell = ProcessRunner.which("sqlite3")

private func makeDatabase(_ path: String, _ sql: String) throws {
    let outcome = try ProcessRunner.run(try #require(sqliteShell), [path], input: sql)
    try #require(outcome.status == 0, "sqlite3: \(outcome.standardError)")
}

@Suite(
    "SQLiteReader: schema introspection, value text, snapshot (unit, temporary files, needs the sqlite3 shell)",
    .enabled(if: sqliteShell != nil))
struct SQLiteReaderTests {
    let directory: TemporaryDirectory

    init() throws { directory = TemporaryDirectory() }

    @Test func readsKeysIndexesAndGeneratedColumns() throws {
        let path = directory.path("schema.sqlite")
        try makeDatabase(
            path,
            """
            CREATE TABLE parent (a INTEGER, b TEXT, code TEXT UNIQUE, PRIMARY KEY (a, b));
            CREATE TABLE child (
                id INTEGER PRIMARY KEY, pa INTEGER NOT NULL, pb TEXT, owner INTEGER REFERENCES solo,
                price REAL, qty INTEGER, total REAL GENERATED ALWAYS AS (price * qty) STORED,
                label TEXT AS (upper(pb)) VIRTUAL,
                FOREIGN KEY (pa, pb) REFERENCES parent (a, b));
            CREATE TABLE solo (id INTEGER PRIMARY KEY, email TEXT, first TEXT, last TEXT);
            CREATE UNIQUE INDEX solo_email ON solo (email);
            CREATE UNIQUE INDEX solo_name ON solo (first, last);
            CREATE UNIQUE INDEX solo_partial ON solo (last) WHERE last IS NOT NULL;
            CREATE UNIQUE INDEX solo_expression ON solo (lower(email));
            CREATE INDEX solo_plain ON solo (first);
            INSERT INTO child (id, pa, pb, price, qty) VALUES (1, 1, 'x', 2.5, 4);
            """)
        let reader = try SQLiteReader(path: path)
        let schema = try reader.schema()
        #expect(schema.tables.map(\.name.name) == ["parent", "child", "solo"])
        #expect(schema.tables.allSatisfy { $0.name.schema.isEmpty })
        let parent = try #require(schema[TableName(schema: "", name: "parent")])
        #expect(parent.primaryKey == ["a", "b"])
        #expect(parent.uniqueKeys == [["code"]])
        let child = try #require(schema[TableName(schema: "", name: "child")])
        #expect(child.primaryKey == ["id"])
        #expect(child.column(named: "pa")?.isNotNull == true)
        #expect(child.column(named: "total")?.isGenerated == true)
        #expect(child.column(named: "label")?.isGenerated == true)
        #expect(child.column(named: "price")?.isGenerated == false)
        let composite = try #require(child.foreignKeys.first { $0.columns == ["pa", "pb"] })
        #expect(composite.referencedTable.name == "parent")
        #expect(composite.referencedColumns == ["a", "b"])
        let implicit = try #require(child.foreignKeys.first { $0.columns == ["owner"] })
        #expect(implicit.referencedColumns == ["id"])
        let solo = try #require(schema[TableName(schema: "", name: "solo")])
        #expect(Set(solo.uniqueKeys) == Set([["email"], ["first", "last"]]))
        #expect(
            Set(solo.limitedUniqueIndexes) == [
                LimitedUniqueIndex(name: "solo_partial", columns: ["last"], isPartial: true, hasExpressions: false),
                LimitedUniqueIndex(name: "solo_expression", columns: ["email"], isPartial: false, hasExpressions: true),
            ])
        #expect(solo.mustStayDistinct("last") && !solo.isUnique("last"))

        let items = try readAll(reader)
        let data = StreamSummary(items).data.first { $0.table.name == "child" }
        #expect(data?.columns == ["id", "pa", "pb", "owner", "price", "qty"])
        #expect(StreamSummary.rows(of: child.name, in: items) == [["1", "1", "x", nil, "2.5", "4"]])
    }

    @Test func valuesBecomePostgresText() throws {
        let path = directory.path("values.sqlite")
        try makeDatabase(
            path,
            """
            CREATE TABLE v (x);
            INSERT INTO v VALUES (NULL), (-9223372036854775808), (0.1), (1e20), (1.0), (9e999), (-9e999),
                ('Luís Gonçalves'), (''), (x'00ff10'), (x'');
            """)
        let rows = StreamSummary.rows(of: TableName(schema: "", name: "v"), in: try readAll(SQLiteReader(path: path)))
        #expect(
            rows.map { $0[0] } == [
                nil, "-9223372036854775808", "0.1", "1e+20", "1.0", "Infinity", "-Infinity",
                "Luís Gonçalves", "", "\\x00ff10", "\\x",
            ])
    }

    @Test func allTablesComeFromTheMomentTheReaderOpened() throws {
        let path = directory.path("snapshot.sqlite")
        try makeDatabase(
            path, "PRAGMA journal_mode = WAL; CREATE TABLE a (x); CREATE TABLE b (x); INSERT INTO a VALUES (1);")
        let reader = try SQLiteReader(path: path)
        try makeDatabase(path, "INSERT INTO a VALUES (2); INSERT INTO b VALUES (3);")
        #expect(try reader.expectedRowCounts()?[TableName(schema: "", name: "b")] == 0)
        let summary = StreamSummary(try readAll(reader))
        #expect(summary.rows[TableName(schema: "", name: "a")] == 1)
        #expect(summary.rows[TableName(schema: "", name: "b")] == nil)
        #expect(summary.tables.map(\.name) == ["a", "b"])
    }

    @Test func emptyTablesStillBeginAndEnd() throws {
        let path = directory.path("empty.sqlite")
        try makeDatabase(path, "CREATE TABLE e (x INTEGER);")
        let items = try readAll(SQLiteReader(path: path))
        #expect(items.count == 2)
        if case .beginTable(let data) = items.first { #expect(data.columns == ["x"]) } else { Issue.record("no begin") }
        if case .endTable(let table) = items.last { #expect(table.name == "e") } else { Issue.record("no end") }
    }
}
