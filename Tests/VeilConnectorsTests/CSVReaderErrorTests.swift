import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// Malformed input fails with a `.source` error that names file, line and row, never a value, and before
/// the reader streams a single item.
@Suite("CSV reader errors")
struct CSVReaderErrorTests {
    /// The error the first of `schema()`, `expectedRowCounts()` and `next()` throws for `bytes`.
    static func failure(_ bytes: [UInt8], chunkSize: Int = 16) throws -> [VeilError] {
        let directory = TemporaryDirectory()
        let path = directory.path("bad.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var errors: [VeilError] = []
        let calls: [(CSVReader) throws -> Void] = [
            { _ = try $0.schema() }, { _ = try $0.expectedRowCounts() }, { _ = try $0.next() },
        ]
        for call in calls {
            let reader = try CSVReader(path: path, batchSize: 1, chunkSize: chunkSize)
            do {
                try call(reader)
                Issue.record("no error for a malformed file")
            } catch let error as VeilError {
                errors.append(error)
            }
        }
        return errors
    }

    static let secret = "SECRET-VALUE-4242"

    @Test("a file cut inside a quoted field fails before any item, naming line and row but not the value")
    func truncatedQuotedField() throws {
        let full = "name,notes\nann,\"first\nsecond\"\nbob,\"\(Self.secret)\nmore text\"\n"
        let cut = String(full.dropLast(8))
        for error in try Self.failure(Array(cut.utf8)) {
            #expect(error.code == .source)
            #expect(error.message.contains("line 4"))
            #expect(error.message.contains("row 2"))
            #expect(error.message.contains("bad.csv"))
            #expect(error.location?.row == 2)
            #expect(!error.description.contains(Self.secret))
            #expect(!error.description.contains("SECRET"))
        }
    }

    @Test("the fixture cut short inside its last multi-line address fails the same way")
    func truncatedFixture() throws {
        let data = try Data(
            contentsOf: Fixture.packageRoot.appendingPathComponent("Fixtures/fake-people-csv/ecommerce_customers.csv"))
        let text = Array(data)
        // Cut in the middle of the last row's quoted address: after its opening quote and first line.
        let lastQuote = text.lastIndex(of: UInt8(ascii: "\""))!
        let opening = text[..<lastQuote].lastIndex(of: UInt8(ascii: "\""))!
        for error in try Self.failure(Array(text[..<(opening + 10)]), chunkSize: 4096) {
            #expect(error.code == .source)
            #expect(error.location?.row == 500)
            #expect(error.message.contains("line 1000"))
        }
    }

    @Test("a row with the wrong number of fields fails before any item")
    func wrongFieldCount() throws {
        let text = "a,b,c\n1,2,3\n4,\(Self.secret)\n7,8,9\n"
        for error in try Self.failure(Array(text.utf8)) {
            #expect(error.code == .source)
            #expect(error.message.contains("line 3 (row 2)"))
            #expect(error.message.contains("2 fields"))
            #expect(!error.description.contains(Self.secret))
        }
    }

    @Test("a blank line inside a multi-column file is a record of the wrong length")
    func blankLineInside() throws {
        for error in try Self.failure(Array("a,b\n1,2\n\n3,4\n".utf8)) {
            #expect(error.message.contains("line 3 (row 2)"))
        }
    }

    @Test("invalid UTF-8 fails before any item, naming the line")
    func invalidUTF8() throws {
        let bytes = Array("a,b\n1,2\n3,".utf8) + [0xC3, 0x28] + Array("x\n".utf8)
        for error in try Self.failure(bytes) {
            #expect(error.code == .source)
            #expect(error.message.contains("UTF-8"))
            #expect(error.message.contains("line 3 (row 2)"))
        }
    }

    @Test("a character after a closing quote fails")
    func characterAfterQuote() throws {
        for error in try Self.failure(Array("a,b\n\"x\"y,2\n".utf8)) {
            #expect(error.code == .source)
            #expect(error.message.contains("line 2 (row 1)"))
        }
    }

    @Test(
        "empty or duplicate header names fail, naming the position",
        arguments: [
            ("a,,c\n1,2,3\n", "position 2"), ("a,b,a\n1,2,3\n", "positions 1 and 3"), ("a,\"\"\n1,2\n", "position 2"),
            ("", "no header"),
        ])
    func badHeader(text: String, expected: String) throws {
        for error in try Self.failure(Array(text.utf8)) {
            #expect(error.code == .source)
            #expect(error.message.contains(expected))
        }
    }

    @Test("a missing path or a folder without CSV files fails at init")
    func missingPath() throws {
        let directory = TemporaryDirectory()
        #expect(throws: VeilError.self) { try CSVReader(path: directory.path("nothing.csv")) }
        #expect(throws: VeilError.self) { try CSVReader(path: directory.url.path) }
    }
}
