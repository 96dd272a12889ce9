import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// A batch kept as COPY text lines reads and writes like the same rows decoded: every accessor sees the decoded
/// values, and its lines go out as the same bytes, with only replaced columns encoded anew.
@Suite("COPY text rows in a batch")
struct CopyTextRowsTests {
    static let table = TableName(schema: "public", name: "t")

    /// Random fields: NULL, empty, plain, and every character COPY escapes, with non-ASCII and a literal `\N`.
    static func randomField(_ random: inout SeededGenerator) -> Field {
        let pieces = ["a", "Zoë", "欧阳", "\t", "\n", "\r", "\\", "\u{8}", "\u{C}", "\u{B}", "\\N", " ", "42", "🙂"]
        switch random.next() % 6 {
        case 0: return nil
        case 1: return ""
        default: return (0..<Int(random.next() % 5 + 1)).map { _ in pieces[Int(random.next() % 14)] }.joined()
        }
    }

    /// The rows as a batch of encoded lines, written the way pg_dump writes them.
    static func encodedBatch(_ rows: [Row], width: Int) -> RowBatch {
        var lines = CopyTextRows(width: width)
        for row in rows {
            var line: [UInt8] = []
            CopyText.appendEncodedRow(row, to: &line)
            line.withUnsafeBufferPointer { lines.append(line: $0) }
        }
        return RowBatch(table: table, encoded: lines, firstRowNumber: 1)
    }

    static func encoded(_ rows: [Row]) -> [UInt8] {
        var output: [UInt8] = []
        for row in rows {
            CopyText.appendEncodedRow(row, to: &output)
            output.append(0x0A)
        }
        return output
    }

    @Test("random rows: every accessor decodes as the rows were; replaced columns write as if encoded anew")
    func sameAsDecoded() {
        var random = SeededGenerator(seed: 17)
        for _ in 0..<200 {
            let width = Int(random.next() % 5 + 1)
            let rows = (0..<Int(random.next() % 8 + 1)).map { _ in (0..<width).map { _ in Self.randomField(&random) } }
            var batch = Self.encodedBatch(rows, width: width)
            #expect(batch.count == rows.count)
            #expect(batch.rows == rows)
            for column in 0..<width { #expect(batch.column(column) == rows.map { $0[column] }) }
            // Several columns at once, in any order, repeated and past the width, read as one at a time.
            let asked = (0..<Int(random.next() % 4 + 2)).map { _ in Int(random.next() % UInt64(width + 1)) }
            #expect(batch.columns(asked) == asked.map { batch.column($0) })
            #expect(batch.field(row: rows.count - 1, column: width - 1) == rows.last![width - 1])
            #expect(batch.column(width) == Array(repeating: nil, count: rows.count))
            var unchanged: [UInt8] = []
            CopyText.appendLines(of: batch, to: &unchanged)
            #expect(unchanged == Self.encoded(rows))

            let column = Int(random.next() % UInt64(width))
            let values = rows.map { _ in Self.randomField(&random) }
            // The same values written by a rule's byte path: the same lines, escapes and NULLs included.
            var byBytes = batch
            byBytes.replaceColumn(column, with: .bytes(ByteColumn(values)))
            batch.replaceColumn(column, with: values)
            #expect(byBytes.rows == batch.rows && byBytes.column(column) == values)
            var fromBytes: [UInt8] = []
            CopyText.appendLines(of: byBytes, to: &fromBytes)
            var expected = rows
            for index in expected.indices { expected[index][column] = values[index] }
            #expect(batch.rows == expected)
            #expect(batch.column(column) == values)
            #expect(
                batch.columns([column, (column + 1) % width]) == [values, expected.map { $0[(column + 1) % width] }])
            #expect(batch.row(0) == expected[0])
            var written: [UInt8] = []
            CopyText.appendLines(of: batch, to: &written)
            #expect(written == Self.encoded(expected))
            #expect(fromBytes == written)
        }
    }

    @Test("a column pass over random lines hands over the same values as over the decoded rows, without NULLs")
    func columnPassSameAsDecoded() throws {
        var random = SeededGenerator(seed: 23)
        for _ in 0..<200 {
            let width = Int(random.next() % 5 + 1)
            let rows = (0..<Int(random.next() % 8 + 1)).map { _ in (0..<width).map { _ in Self.randomField(&random) } }
            let names = (0..<width).map { "c\($0)" }
            let wanted = Set(names.filter { _ in random.next() % 2 == 0 })
            func pass(_ batch: RowBatch) throws -> [String] {
                var seen: [String] = []
                try batch.forEachValue(columns: names, wanted: wanted) { table, column, bytes in
                    #expect(table == Self.table)
                    seen.append(column + "=" + String(decoding: bytes, as: UTF8.self))
                }
                return seen.sorted()
            }
            let expected = rows.flatMap { row in
                names.indices.compactMap { column in
                    wanted.contains(names[column]) ? row[column].map { names[column] + "=" + $0 } : nil
                }
            }
            #expect(try pass(Self.encodedBatch(rows, width: width)) == expected.sorted())
            #expect(try pass(RowBatch(table: Self.table, rows: rows, firstRowNumber: 1)) == expected.sorted())
        }
    }

    @Test("kept fields go out as the source's bytes, even escapes pg_dump would not have written")
    func keptBytesUntouched() {
        var lines = CopyTextRows(width: 3)
        for line in ["1\t\\x41\\101\tkeep me", "2\t\\N\tx"] {
            let bytes = Array(line.utf8)
            bytes.withUnsafeBufferPointer { lines.append(line: $0) }
        }
        var batch = RowBatch(table: Self.table, encoded: lines, firstRowNumber: 7)
        #expect(batch.column(1) == ["AA", nil])
        batch.replaceColumn(2, with: ["masked\tvalue", nil])
        var written: [UInt8] = []
        CopyText.appendLines(of: batch, to: &written)
        #expect(String(decoding: written, as: UTF8.self) == "1\t\\x41\\101\tmasked\\tvalue\n2\t\\N\t\\N\n")
    }

    @Test("a table without columns: empty lines, written back as empty lines")
    func noColumns() {
        var lines = CopyTextRows(width: 0)
        for _ in 0..<3 { [UInt8]().withUnsafeBufferPointer { lines.append(line: $0) } }
        let batch = RowBatch(table: Self.table, encoded: lines, firstRowNumber: 1)
        #expect(batch.count == 3 && batch.rows == [[], [], []])
        var written: [UInt8] = []
        CopyText.appendLines(of: batch, to: &written)
        #expect(written == [0x0A, 0x0A, 0x0A])
    }
}
