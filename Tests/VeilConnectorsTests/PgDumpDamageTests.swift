import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// A damaged `COPY ... FROM stdin;` line must never let a table's rows through as DDL text: the reader refuses
/// the dump with a `.source` error naming a line, never a value.
@Suite("pg_dump reader: damaged COPY headers and text that is not a statement")
struct PgDumpDamageTests {
    static let shop = PackagePaths.fixture("shop/prod.sql")

    /// The shop dump's lines (without their newlines; the file ends with one).
    static func shopLines() throws -> [String] {
        let text = try String(contentsOfFile: shop, encoding: .utf8)
        return text.components(separatedBy: "\n")
    }

    /// Index of the line that starts with `prefix`.
    static func index(of prefix: String, in lines: [String]) throws -> Int {
        try #require(lines.firstIndex { $0.hasPrefix(prefix) })
    }

    /// The data lines of `table`'s COPY block.
    static func dataLines(of table: String, in lines: [String]) throws -> [String] {
        let header = try index(of: "COPY \(table) (", in: lines)
        let end = try #require(lines[header...].firstIndex(of: "\\."))
        return Array(lines[(header + 1)..<end])
    }

    /// Reads the whole dump (pre-scan and stream) and returns the error it must end with.
    static func refusal(_ path: String) throws -> VeilError {
        let reader = try PgDumpReader(path: path)
        return try #require(throws: VeilError.self) {
            while try reader.next() != nil {}
        }
    }

    /// Checks the refusal: a source error that names a line and holds no field of `data`.
    static func expectRefused(
        _ error: VeilError, hiding data: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(error.code == .source, "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.hasPrefix("line "), "\(error.message)", sourceLocation: sourceLocation)
        let fields = Set(data.flatMap { $0.split(separator: "\t").map(String.init) }.filter { $0.count >= 4 })
        for field in fields where error.description.contains(field) {
            Issue.record("the error quotes a value of the dump", sourceLocation: sourceLocation)
        }
    }

    /// Damages the shop dump with `edit` (given its lines and the index of `table`'s COPY line), reads it and
    /// checks that it is refused without a value of that table's rows; returns the error and the COPY line's index.
    private static func refusal(
        damaging table: String = "public.customers", sourceLocation: SourceLocation = #_sourceLocation,
        _ edit: (inout [String], Int) throws -> Void
    ) throws -> (VeilError, header: Int) {
        var lines = try shopLines()
        let data = try dataLines(of: table, in: lines)
        let header = try index(of: "COPY \(table) (", in: lines)
        try edit(&lines, header)
        let directory = TemporaryDirectory()
        let error = try refusal(try directory.file("damaged.sql", lines.joined(separator: "\n")))
        expectRefused(error, hiding: data, sourceLocation: sourceLocation)
        return (error, header)
    }

    /// Found by the `dump` fuzz target: a NUL or another control character between the words of a statement (a
    /// damaged `CREATE TABLE` line) passed through as DDL, though pg_dump writes them only inside literals.
    @Test(
        "a control character outside quotes in a statement is refused (fuzz: dump)",
        arguments: ["\u{0}", "\u{1}", "\u{0B}", "\u{1B}", "\u{7F}"])
    func controlCharacterInStatement(character: String) throws {
        var line = 0
        let (error, _) = try Self.refusal { lines, _ in
            line = try Self.index(of: "CREATE TABLE public.customers (", in: lines) + 1
            lines[line] = lines[line].replacingOccurrences(of: "integer", with: "int\(character)eger")
        }
        #expect(error.message.hasPrefix("line \(line + 1): a control character outside quotes"), "\(error.message)")
    }

    /// Found by the `dump` fuzz target (the fixture is its input cut down to the lines that matter): a damaged
    /// dollar quote left `END $$; ...` as a statement of its own, read as a COMMIT and passed through with what
    /// followed up to the next `$$`. pg_dump writes `BEGIN;` and `COMMIT;` bare, so anything after the keyword is refused.
    @Test("END or COMMIT followed by anything but its semicolon is refused, not passed through (fuzz: dump)")
    func endSwallowingText() throws {
        let error = try Self.refusal(Fixture.local("fuzz-dump-end-swallows-text.sql"))
        #expect(error.code == .source && error.message.hasPrefix("line "), "\(error)")
    }

    @Test("a dropped COPY line: the rows would read as DDL")
    func droppedCopyLine() throws {
        _ = try Self.refusal { lines, header in lines.remove(at: header) }
    }

    @Test("a data line swapped above its COPY header")
    func dataLineAboveHeader() throws {
        let (error, header) = try Self.refusal { lines, header in lines.swapAt(header, header + 1) }
        #expect(error.message.hasPrefix("line \(header + 1):"), "\(error.message)")
    }

    @Test("a COPY header that reads FROM pstdin")
    func fromPstdin() throws {
        let (error, header) = try Self.refusal { lines, header in
            lines[header] = lines[header].replacingOccurrences(of: "FROM stdin;", with: "FROM pstdin;")
        }
        #expect(error.message.hasPrefix("line \(header + 1):"), "\(error.message)")
    }

    @Test("a missing semicolon before a COPY header leaves the previous statement open across it")
    func missingSemicolonBeforeCopy() throws {
        _ = try Self.refusal(damaging: "public.countries") { lines, header in
            let previous = try #require(lines[..<header].lastIndex { $0.hasSuffix(";") })
            lines[previous].removeLast()
        }
    }

    @Test(
        "a flipped byte in the blank line before a COPY header",
        arguments: [UInt8(0x0B), 0x4A, 0x2A, 0x1A, 0x3B, 0x5C])
    func flippedBlankLine(byte: UInt8) throws {
        let lines = try Self.shopLines()
        let data = try Self.dataLines(of: "public.customers", in: lines)
        let header = try Self.index(of: "COPY public.customers (", in: lines)
        try #require(lines[header - 1].isEmpty)
        var bytes = Array(lines.joined(separator: "\n").utf8)
        let offset = lines[..<(header - 1)].reduce(0) { $0 + $1.utf8.count + 1 }
        try #require(bytes[offset] == 0x0A)
        bytes[offset] = byte
        let directory = TemporaryDirectory()
        let path = directory.file("damaged.sql")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = try Self.refusal(path)
        Self.expectRefused(error, hiding: data)
    }
}
