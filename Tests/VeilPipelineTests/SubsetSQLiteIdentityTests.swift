import SQLiteDriver
import Testing
import VeilConnectors
import VeilCore
import VeilProfile
import VeilTestSupport

@testable import VeilPipeline

/// The values that identify a row of a SQLite table in a subset (its key; every column for a table without one):
/// - ±inf: SQLite 3.40's `quote()` spells it `Inf`, which read back as SQL is a column name, so `veil snapshot` of a
///   keyless table whose REAL column held an infinity failed (exit 66, "no such column: Inf"; file-source torture
///   seeds 1, 4, 7, 8 and 12);
/// - NULL: a row of a keyless table with a NULL in any column was taken (counted) but never matched the `IN` list
///   that filters the rows streamed, so the snapshot silently lacked it (torture seeds 1-4, 6-8, 10-12).
@Suite("Subset closure: ±inf and NULL in a SQLite row's identity")
struct SubsetSQLiteIdentityTests {
    /// Every row a `1 = 1` root on `m` streams, after the closure: the rows and the closure's count.
    static func everything(_ sql: String) throws -> (rows: [Row], count: Int?) {
        let directory = TemporaryDirectory("veil-subset-identity")
        let path = directory.file("source.sqlite")
        try SQLiteConnection(path: path).execute(sql)
        let table = TableName(schema: "", name: "m")
        let reader = try SQLiteReader(path: path)
        let closure = SubsetClosure(
            schema: try reader.schema(), source: reader, roots: [table: SubsetSelection(condition: "1 = 1")],
            options: SubsetOptions())
        let result = try closure.compute()
        for (name, filter) in result.filters { reader.setRowFilter(filter, for: name) }
        var rows: [Row] = []
        while let item = try reader.next() {
            if case .rows(let batch) = item { rows += batch.rows }
        }
        return (rows, result.rowCounts[table])
    }

    @Test("a keyless table with NULLs in some columns: every row of a `1 = 1` root is streamed, NULLs as NULLs")
    func nulls() throws {
        let (rows, count) = try Self.everything(
            """
            CREATE TABLE m (id INTEGER, v, label TEXT);
            INSERT INTO m VALUES (1, NULL, 'a'), (2, 'NULL', NULL), (NULL, NULL, NULL), (4, X'04', 'it''s');
            """)
        #expect(count == 4)
        #expect(rows.count == 4)
        #expect(rows.contains { $0 == [nil, nil, nil] })
        #expect(rows.contains { $0 == ["1", nil, "a"] })
        #expect(rows.contains { $0 == ["2", "NULL", nil] })
    }

    @Test("a keyless table whose REAL column holds +inf and -inf: every row of a `1 = 1` root is taken, values exact")
    func infinities() throws {
        let (rows, count) = try Self.everything(
            """
            CREATE TABLE m (id INTEGER, r REAL, label TEXT);
            INSERT INTO m VALUES (1, 1e999, 'a'), (2, -1e999, 'b'), (3, 0.1, 'c'), (4, 1e999, 'd');
            """)
        #expect(count == 4)
        #expect(rows.map { $0[0] } == ["1", "2", "3", "4"])
        #expect(rows.map { $0[1] } == ["Infinity", "-Infinity", "0.1", "Infinity"])
    }
}
