import SQLiteDriver
import Testing
import VeilConnectors
import VeilCore
import VeilProfile
import VeilTestSupport

@testable import VeilPipeline

/// A SQLite value that identifies a row in a subset holds ±inf: SQLite 3.40's `quote()` spells it `Inf`, which read
/// back as SQL is a column name, so `veil snapshot` of a SQLite table without a key whose REAL column held an
/// infinity failed (exit 66, "no such column: Inf"; file-source torture seeds 1, 4, 7, 8 and 12).
@Suite("Subset closure: ±inf in a SQLite row's identity")
struct SubsetSQLiteInfinityTests {
    @Test("a keyless table whose REAL column holds +inf and -inf: every row of a `1 = 1` root is taken, values exact")
    func infinities() throws {
        let directory = TemporaryDirectory("veil-subset-inf")
        let path = directory.file("source.sqlite")
        let connection = try SQLiteConnection(path: path)
        try connection.execute(
            """
            CREATE TABLE m (id INTEGER, r REAL, label TEXT);
            INSERT INTO m VALUES (1, 1e999, 'a'), (2, -1e999, 'b'), (3, 0.1, 'c'), (4, 1e999, 'd');
            """)
        let table = TableName(schema: "", name: "m")
        let reader = try SQLiteReader(path: path)
        let closure = SubsetClosure(
            schema: try reader.schema(), source: reader, roots: [table: SubsetSelection(condition: "1 = 1")],
            options: SubsetOptions())
        let result = try closure.compute()
        #expect(result.rowCounts[table] == 4)
        for (name, filter) in result.filters { reader.setRowFilter(filter, for: name) }
        var rows: [Row] = []
        while let item = try reader.next() {
            if case .rows(let batch) = item { rows += batch.rows }
        }
        #expect(rows.map { $0[0] } == ["1", "2", "3", "4"])
        #expect(rows.map { $0[1] } == ["Infinity", "-Infinity", "0.1", "Infinity"])
    }
}
