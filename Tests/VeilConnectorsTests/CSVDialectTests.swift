import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// A CSV written with another delimiter or quote: read as the profile says, or refused with a hint, never read as
/// one column of whole lines.
@Suite("CSV dialects")
struct CSVDialectTests {
    static let semicolons = "id;email;ssn\n1;ann@example.com;123-45-6789\n2;\"bob;jr@example.com\";\n"

    /// Removed when the test's instance goes.
    let directory = TemporaryDirectory()

    func write(_ text: String) throws -> String {
        let path = directory.path("people.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a semicolon file read with `;`: three columns, a quoted `;` inside a value, an empty field as NULL")
    func semicolonDelimited() throws {
        let semicolon = CSVDialect(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "\""))
        for chunkSize in [5, 1 << 20] {
            let reader = try CSVReader(
                path: try write(Self.semicolons), batchSize: 10, chunkSize: chunkSize, dialect: semicolon)
            let table = TableName(schema: "", name: "people")
            #expect(try reader.schema()[table]?.columns.map(\.name) == ["id", "email", "ssn"])
            let rows = StreamSummary.rows(of: table, in: try readAll(reader))
            #expect(rows == [["1", "ann@example.com", "123-45-6789"], ["2", "bob;jr@example.com", nil]])
        }
    }

    @Test("another quote character: `'` quotes a field holding the delimiter, `''` is one quote")
    func otherQuote() throws {
        let dialect = CSVDialect(delimiter: UInt8(ascii: "|"), quote: UInt8(ascii: "'"))
        let reader = try CSVReader(path: try write("a|b\n'x|y'|'it''s'\n"), dialect: dialect)
        let rows = StreamSummary.rows(of: TableName(schema: "", name: "people"), in: try readAll(reader))
        #expect(rows == [["x|y", "it's"]])
    }

    @Test(
        "read with commas, a header holding `;`, a tab or `|` as one column is refused with a hint, no value shown",
        arguments: [";", "\t", "|"])
    func refusedWithHint(delimiter: String) throws {
        let text = Self.semicolons.replacingOccurrences(of: ";", with: delimiter)
        let reader = try CSVReader(path: try write(text))
        #expect {
            try reader.schema()
        } throws: { error in
            let message = (error as? VeilError)?.message ?? ""
            return (error as? VeilError)?.code == .source && message.contains("csv: { delimiter:")
                && message.contains("reads as one column") && !message.contains("ann@example.com")
        }
    }
}
