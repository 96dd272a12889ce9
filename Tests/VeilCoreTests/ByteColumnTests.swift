import Testing
import VeilCore
import VeilTestSupport

/// A column written as bytes reads back as the fields it was made of: NULLs where they were, empty strings as empty
/// (not NULL), non-ASCII intact, whether a value was appended as a field, as bytes or written in place.
@Suite("byte column")
struct ByteColumnTests {
    static func randomField(_ random: inout SeededGenerator) -> Field {
        let pieces = ["a", "Zoë", "欧阳", "\t", "\\", "🙂", "0", " "]
        switch random.next() % 4 {
        case 0: return nil
        case 1: return ""
        default: return (0..<Int(random.next() % 6 + 1)).map { _ in pieces[Int(random.next() % 8)] }.joined()
        }
    }

    @Test("random fields, three ways of appending: the same values, NULL and empty kept apart")
    func roundTrip() {
        var random = SeededGenerator(seed: 5)
        for _ in 0..<300 {
            let fields = (0..<Int(random.next() % 12)).map { _ in Self.randomField(&random) }
            var byBytes = ByteColumn()
            var inPlace = ByteColumn(reservingValues: fields.count, bytes: 16)
            for field in fields {
                guard var value = field else {
                    byBytes.appendNull()
                    inPlace.appendNull()
                    continue
                }
                value.withUTF8 { byBytes.append($0) }
                let utf8 = Array(value.utf8)
                // Room for more than the value: the rest is given back.
                inPlace.appendValue(capacity: utf8.count + Int(random.next() % 4)) { buffer in
                    for (offset, byte) in utf8.enumerated() { buffer[offset] = byte }
                    return utf8.count
                }
            }
            for column in [ByteColumn(fields), byBytes, inPlace] {
                #expect(column.count == fields.count)
                #expect(column.fields == fields)
                #expect((0..<fields.count).map { column[$0] } == fields)
                #expect((0..<fields.count).map(column.isNull) == fields.map { $0 == nil })
                #expect(column.bytes == fields.flatMap { Array(($0 ?? "").utf8) })
                for row in fields.indices {
                    let seen = column.withValue(row) { $0.map { Array($0) } }
                    #expect(seen == fields[row].map { Array($0.utf8) })
                }
            }
            #expect(ByteColumn(fields) == byBytes && byBytes == inPlace)
        }
    }

    @Test("masked values read the same whether held as fields or as bytes")
    func maskedValuesBothWays() {
        var random = SeededGenerator(seed: 9)
        for _ in 0..<100 {
            let fields = (0..<Int(random.next() % 10)).map { _ in Self.randomField(&random) }
            for values in [MaskedValues.fields(fields), .bytes(ByteColumn(fields))] {
                #expect(values.count == fields.count)
                #expect(values.fields == fields)
                for row in fields.indices {
                    #expect(values[row] == fields[row])
                    #expect(values.withValue(row) { $0.map { Array($0) } } == fields[row].map { Array($0.utf8) })
                }
            }
        }
    }

    @Test("a batch with a column replaced by bytes reads the same as with the fields")
    func batchReplacedByBytes() {
        let table = TableName(schema: "public", name: "t")
        var random = SeededGenerator(seed: 13)
        for _ in 0..<100 {
            let rows = (0..<Int(random.next() % 6 + 1)).map { _ in (0..<3).map { _ in Self.randomField(&random) } }
            let values = rows.map { _ in Self.randomField(&random) }
            var byFields = RowBatch(table: table, rows: rows, firstRowNumber: 1)
            var byBytes = byFields
            byFields.replaceColumn(1, with: values)
            byBytes.replaceColumn(1, with: .bytes(ByteColumn(values)))
            #expect(byBytes.rows == byFields.rows)
            #expect(byBytes.column(1) == values)
        }
    }
}
