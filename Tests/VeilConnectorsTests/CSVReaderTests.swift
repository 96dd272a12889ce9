import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// The fake-people CSVs (`Fixtures/fake-people-csv`, counts from its README) and the format's corner cases.
@Suite("CSV reader")
struct CSVReaderTests {
    static func fakePeople(_ name: String) -> String {
        Fixture.packageRoot.appendingPathComponent("Fixtures/fake-people-csv/\(name)").path
    }

    static func table(_ name: String) -> TableName { TableName(schema: "", name: name) }

    /// Every row of one table read from `text`, with a tiny chunk size so records cross read boundaries.
    static func rows(
        of text: [UInt8], chunkSize: Int = 7, batchSize: Int = 3
    ) throws -> (columns: [String], rows: [Row]) {
        let directory = TemporaryDirectory()
        let path = directory.path("t.csv")
        try Data(text).write(to: URL(fileURLWithPath: path))
        let reader = try CSVReader(path: path, batchSize: batchSize, chunkSize: chunkSize)
        let items = try readAll(reader)
        guard case .beginTable(let data) = items.first else { throw VeilError(.internal, "no table") }
        return (data.columns, StreamSummary.rows(of: table("t"), in: items))
    }

    @Test(
        "the fake-people files give the README's row and column counts",
        arguments: [("patients.csv", 36, 17), ("patients_notes.csv", 35, 19), ("ecommerce_customers.csv", 500, 8)])
    func fixtureCounts(file: String, rows: Int, columns: Int) throws {
        for chunkSize in [CSVReader.defaultChunkSize, 64] {
            let reader = try CSVReader(path: Self.fakePeople(file), batchSize: 100, chunkSize: chunkSize)
            let name = Self.table(String(file.dropLast(4)))
            let schema = try reader.schema()
            #expect(schema.tables.map(\.name) == [name])
            #expect(schema[name]?.columns.count == columns)
            #expect(schema[name]?.columns.allSatisfy { $0.type == "text" } == true)
            #expect(try reader.expectedRowCounts() == [name: rows])
            let items = try readAll(reader)
            let all = StreamSummary.rows(of: name, in: items)
            #expect(all.count == rows)
            #expect(all.allSatisfy { $0.count == columns })
            var expectedFirst = 1
            for item in items {
                guard case .rows(let batch) = item else { continue }
                #expect(batch.firstRowNumber == expectedFirst)
                #expect(batch.count <= 100)
                expectedFirst += batch.count
            }
            guard case .beginTable(let data) = items.first, case .endTable(let end) = items.last else {
                Issue.record("stream is not framed by beginTable / endTable")
                continue
            }
            #expect(data.style == .copy && data.table == name && end == name)
        }
    }

    @Test("a folder reads every .csv file in name order, one table each")
    func folder() throws {
        let reader = try CSVReader(path: Fixture.packageRoot.appendingPathComponent("Fixtures/fake-people-csv/").path)
        #expect(try reader.schema().tables.map(\.name.name) == ["ecommerce_customers", "patients", "patients_notes"])
        let summary = StreamSummary(try readAll(reader))
        #expect(summary.tables.map(\.name) == ["ecommerce_customers", "patients", "patients_notes"])
        #expect(summary.rows[Self.table("patients")] == 36)
    }

    @Test("multi-line quoted fields, quoted commas, CRLF and leading zeros are decoded exactly")
    func fixtureValues() throws {
        let shop = try readAll(CSVReader(path: Self.fakePeople("ecommerce_customers.csv")))
        let customers = StreamSummary.rows(of: Self.table("ecommerce_customers"), in: shop)
        #expect(customers[0][0] == "mstephenson@fernandez.com")
        #expect(customers[0][1] == "835 Frank Tunnel\nWrightmouth, MI 82180-9605")
        #expect(customers[0][2] == "Violet")
        #expect(customers.last?.last == "497.7786422156802")
        let patients = StreamSummary.rows(
            of: Self.table("patients"),
            in: try readAll(
                CSVReader(path: Self.fakePeople("patients.csv"))))
        #expect(patients[0][0] == "Liam")
        #expect(patients[0][4] == "2041 Adams Ave,")
        #expect(patients.allSatisfy { row in row.allSatisfy { !($0 ?? "").contains("\r") } })
        #expect(patients.last?.last == "Tamsulosin")
        let notes = StreamSummary.rows(
            of: Self.table("patients_notes"),
            in: try readAll(
                CSVReader(path: Self.fakePeople("patients_notes.csv"))))
        #expect(notes[0][9] == "2127")
    }

    @Test(
        "BOM, CRLF or LF, no final newline, a trailing blank line",
        arguments: [
            "\u{FEFF}a,b\r\n1,2\r\n3,4", "a,b\n1,2\n3,4\n", "a,b\r\n1,2\r\n3,4\r\n", "a,b\n1,2\n3,4\n\n",
            "a,b\r\n1,2\r\n3,4\r\n\r\n",
        ])
    func lineEnds(text: String) throws {
        let result = try Self.rows(of: Array(text.utf8))
        #expect(result.columns == ["a", "b"])
        #expect(result.rows == [["1", "2"], ["3", "4"]])
    }

    @Test("unquoted empty is NULL, quoted empty is the empty string; quotes, commas and line breaks inside quotes")
    func nullAndEscapes() throws {
        let text = "a,b,c\n,\"\",x\n\"say \"\"hi\"\"\",\"1,2\",\"l1\r\nl2\nl3\"\n\"\",,\n"
        let result = try Self.rows(of: Array(text.utf8), chunkSize: 5)
        #expect(result.rows == [[nil, "", "x"], ["say \"hi\"", "1,2", "l1\r\nl2\nl3"], ["", nil, nil]])
    }

    @Test("in a one-column file a blank line is a NULL row; a quoted header name is unquoted")
    func oneColumn() throws {
        let result = try Self.rows(of: Array("\"the id\"\n1\n\n\"\"\n".utf8))
        #expect(result.columns == ["the id"])
        #expect(result.rows == [["1"], [nil], [""]])
    }

    @Test("a header-only file is a table with no rows")
    func headerOnly() throws {
        let result = try Self.rows(of: Array("a,b".utf8))
        #expect(result.columns == ["a", "b"])
        #expect(result.rows.isEmpty)
    }
}
