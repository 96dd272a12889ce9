import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// Reader → writer → reader gives the same tables and rows, NULL and empty string kept apart.
@Suite("CSV round trip")
struct CSVRoundTripTests {
    @Test("the fake-people folder survives a round trip unchanged")
    func fixtures() throws {
        let directory = TemporaryDirectory()
        let source = Fixture.packageRoot.appendingPathComponent("Fixtures/fake-people-csv").path
        let original = try readAll(CSVReader(path: source))
        let reader = try CSVReader(path: source)
        let writer = try CSVWriter(path: directory.path("copy"))
        try writer.begin(schema: reader.schema())
        try copyAll(reader, into: writer)
        let copy = try readAll(CSVReader(path: directory.path("copy")))
        #expect(StreamSummary(copy).tables == StreamSummary(original).tables)
        for table in StreamSummary(original).tables {
            #expect(StreamSummary.rows(of: table, in: copy) == StreamSummary.rows(of: table, in: original))
        }
    }

    static let alphabet: [String] = [
        "a", "Z", "0", " ", ",", "\"", "\n", "\r", "\r\n", "\t", "é", "ß", "中", "🙂", "\u{FEFF}", "''", "\\", ";",
    ]

    static func randomField(_ generator: inout SeededGenerator) -> Field {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: return nil
        case 1: return ""
        default:
            let length = Int.random(in: 1...12, using: &generator)
            return (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
        }
    }

    /// Writes `rows` of one text-column table as a CSV folder at `path` with ``CSVWriter``.
    static func write(_ rows: [Row], of table: TableName, columns: [String], to path: String) throws {
        let writer = try CSVWriter(path: path)
        try writer.begin(
            schema: DatabaseSchema(tables: [
                TableSchema(name: table, columns: columns.map { Column(name: $0, type: "text") })
            ]))
        try writer.write(.beginTable(TableData(table: table, columns: columns)))
        try writer.write(.rows(RowBatch(table: table, rows: rows, firstRowNumber: 1)))
        try writer.write(.endTable(table))
        try writer.finish()
    }

    @Test("random fields round-trip exactly", arguments: [1, 2, 3, 5, 8] as [UInt64])
    func randomRows(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let columnCount = Int(seed % 4) + 1
        let columns = (0..<columnCount).map { "c\($0)" }
        let table = TableName(schema: "", name: "random")
        let rows: [Row] = (0..<300).map { _ in (0..<columnCount).map { _ in Self.randomField(&generator) } }
        let directory = TemporaryDirectory()
        try Self.write(rows, of: table, columns: columns, to: directory.path("out"))
        for chunkSize in [13, 1 << 20] {
            let reader = try CSVReader(path: directory.path("out"), batchSize: 64, chunkSize: chunkSize)
            #expect(try reader.expectedRowCounts() == [table: rows.count])
            let items = try readAll(reader)
            let back = StreamSummary.rows(of: table, in: items)
            #expect(back.count == rows.count)
            for (index, pair) in zip(back, rows).enumerated() where pair.0 != pair.1 {
                Issue.record("row \(index + 1) differs after the round trip")
                break
            }
        }
    }

    /// Found by the `csv` fuzz target: a first column whose name starts with U+FEFF (a column created from a CSV
    /// file's header by a tool that kept its byte order mark) was written unquoted at the start of the file, so the
    /// reader took it for a byte order mark and dropped it: the name came back as `id`.
    @Test("a first column whose name starts with U+FEFF keeps it (fuzz: csv)")
    func byteOrderMarkInFirstColumnName() throws {
        let table = TableName(schema: "", name: "imported")
        let columns = ["\u{FEFF}id", "name"]
        let rows: [Row] = [["\u{FEFF}1", "a"], ["2", "\u{FEFF}"]]
        let directory = TemporaryDirectory()
        try Self.write(rows, of: table, columns: columns, to: directory.path("out"))
        let items = try readAll(CSVReader(path: directory.path("out")))
        guard case .beginTable(let data) = items.first else {
            Issue.record("no table read back")
            return
        }
        #expect(data.columns == columns)
        #expect(StreamSummary.rows(of: table, in: items) == rows)
    }
}
