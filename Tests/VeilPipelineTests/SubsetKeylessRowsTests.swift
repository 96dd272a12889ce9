import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilProfile
import VeilTestSupport

@testable import VeilPipeline

/// A table without a primary or unique key is told apart by all its columns; a row holding a NULL in one of them
/// is still a row the subset takes. (Torture seed 1: an inheritance child without a key, `vip_contacts (level
/// text)`, lost its root-selected rows whose `level` was NULL, and the snapshot exited 0.)
@Suite("Subset closure: rows of a table without a key that hold NULLs")
struct SubsetKeylessRowsTests {
    /// `note(body, tag)` without a key: four rows, two with a NULL tag, one with a NULL body.
    static func makeSQLite(in directory: TemporaryDirectory) throws -> String {
        let note = TableSchema(
            name: TableName(schema: "", name: "note"),
            columns: [Column(name: "body", type: "text"), Column(name: "tag", type: "text")])
        let path = directory.file("keyless.sqlite")
        let writer = try SQLiteWriter(path: path)
        try writer.begin(schema: DatabaseSchema(tables: [note]))
        try writer.write(.beginTable(TableData(table: note.name, columns: ["body", "tag"])))
        let rows: [Row] = [["a1", "x"], ["a2", nil], ["b1", nil], [nil, "a3"]]
        try writer.write(.rows(RowBatch(table: note.name, rows: rows, firstRowNumber: 1)))
        try writer.write(.endTable(note.name))
        try writer.finish()
        return path
    }

    /// Runs the closure on `reader` from the root `table` and streams it through the filters: rows by table name.
    static func subset(
        _ reader: any SubsetQueryableSource, root table: TableName, condition: String
    ) throws -> [String: [Row]] {
        let closure = SubsetClosure(
            schema: try reader.schema(), source: reader, roots: [table: SubsetSelection(condition: condition)],
            options: SubsetOptions())
        for (name, filter) in try closure.compute().filters { reader.setRowFilter(filter, for: name) }
        var rows: [String: [Row]] = [:]
        while let item = try reader.next() {
            if case .rows(let batch) = item { rows[batch.table.name, default: []] += batch.rows }
        }
        return rows
    }

    static func sorted(_ rows: [Row]) -> [String] {
        rows.map { $0.map { $0 ?? "NULL" }.joined(separator: "|") }.sorted()
    }

    @Test("SQLite: every row the root selects is copied, those with a NULL column too")
    func sqliteRowsWithNulls() throws {
        let directory = TemporaryDirectory("veil-subset-keyless")
        let reader = try SQLiteReader(path: try Self.makeSQLite(in: directory))
        let rows = try Self.subset(
            reader, root: TableName(schema: "", name: "note"), condition: "body LIKE 'a%' OR tag LIKE 'a%'")
        #expect(Self.sorted(rows["note", default: []]) == ["NULL|a3", "a1|x", "a2|NULL"])
    }

    @Test(
        "PostgreSQL: every row the root selects is copied, those with a NULL column too, in a keyless child",
        .enabled(if: TestPostgres.isAvailable))
    func postgresRowsWithNulls() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_subset_keyless")
        defer { TestPostgres.dropDatabase(database) }
        try TestPostgres.psql(
            database: database,
            """
            CREATE TABLE contacts (id integer PRIMARY KEY, name text NOT NULL);
            CREATE TABLE vip_contacts (level text) INHERITS (contacts);
            INSERT INTO contacts VALUES (1, 'a'), (2, 'b');
            INSERT INTO vip_contacts VALUES (4, 'c', NULL), (8, 'd', 'gold'), (9, 'e', NULL);
            """)
        let rows = try Self.subset(
            try PostgresReader(conninfo: TestPostgres.url(database: database)),
            root: TableName(schema: "public", name: "contacts"), condition: "id % 4 = 0")
        #expect(rows["contacts", default: []].isEmpty)
        #expect(Self.sorted(rows["vip_contacts", default: []]) == ["4|c|NULL", "8|d|gold"])
    }
}
