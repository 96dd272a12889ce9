import Testing
import VeilCore

/// The batch accessors every consumer goes through: by column, by row, by field, and a column replaced whole.
@Suite("row batch accessors")
struct RowBatchTests {
    static let table = TableName(schema: "public", name: "people")

    /// Three rows, the last one short (a damaged source row, which writers refuse by its width).
    static func batch() -> RowBatch {
        RowBatch(
            table: table, rows: [["1", "ann@example.org", nil], ["2", "", "x"], ["3"]], firstRowNumber: 41)
    }

    @Test("column, row and field read the same values; past a row's end reads as NULL")
    func reads() {
        let batch = Self.batch()
        #expect(batch.count == 3 && !batch.isEmpty)
        #expect(batch.column(1) == ["ann@example.org", "", nil])
        #expect(batch.column(2) == [nil, "x", nil])
        #expect(batch.row(1) == ["2", "", "x"])
        #expect(batch.field(row: 0, column: 1) == "ann@example.org")
        #expect(batch.field(row: 2, column: 2) == nil)
        #expect((0..<3).map(batch.width(ofRow:)) == [3, 3, 1])
        #expect(batch.rows == (0..<3).map(batch.row))
        #expect(RowBatch(table: Self.table, rows: [], firstRowNumber: 1).isEmpty)
    }

    @Test("a replaced column changes that column only; a row too short keeps its width; NULL and empty stay apart")
    func replaceColumn() {
        var batch = Self.batch()
        batch.replaceColumn(1, with: [nil, "b@example.org", "ignored"])
        #expect(batch.column(1) == [nil, "b@example.org", nil])
        #expect(batch.column(0) == ["1", "2", "3"])
        #expect(batch.column(2) == [nil, "x", nil])
        #expect(batch.row(2) == ["3"])
        batch.replaceColumn(2, with: ["", nil, "z"])
        #expect(batch.rows == [["1", nil, ""], ["2", "b@example.org", nil], ["3"]])
        #expect(batch.firstRowNumber == 41 && batch.table == Self.table)
    }
}
