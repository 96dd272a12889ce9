import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// Random damage to a real dump: the reader either refuses it with a ``VeilError`` or, when it accepts it, no
/// line of the original COPY data comes out as passthrough text (where no masking rule would ever see it).
@Suite("pg_dump reader: random damage never passes row data through")
struct PgDumpMutationTests {
    enum Mutation: CustomStringConvertible {
        case flip(offset: Int, byte: UInt8)
        case drop(line: Int)
        case swap(Int, Int)

        var description: String {
            switch self {
            case .flip(let offset, let byte): "byte \(offset) set to \(byte)"
            case .drop(let line): "line \(line + 1) dropped"
            case .swap(let first, let second): "lines \(first + 1) and \(second + 1) swapped"
            }
        }

        func apply(to text: [UInt8]) -> [UInt8] {
            switch self {
            case .flip(let offset, let byte):
                var bytes = text
                bytes[offset] = byte
                return bytes
            case .drop(let line):
                var lines = Self.lines(text)
                lines.remove(at: line)
                return Array(lines.joined(separator: [0x0A]))
            case .swap(let first, let second):
                var lines = Self.lines(text)
                lines.swapAt(first, second)
                return Array(lines.joined(separator: [0x0A]))
            }
        }

        static func lines(_ text: [UInt8]) -> [ArraySlice<UInt8>] {
            text.split(separator: 0x0A, omittingEmptySubsequences: false)
        }
    }

    /// 300 mutations from a fixed seed: single-byte changes, dropped lines, swapped lines (near each other, to
    /// reach the edges of COPY blocks, and anywhere).
    static func mutations(of text: [UInt8], seed: UInt64) -> [Mutation] {
        var generator = SeededGenerator(seed: seed)
        let lineCount = Mutation.lines(text).count
        return (0..<300).map { index in
            switch index % 4 {
            case 0:
                return .flip(
                    offset: Int.random(in: 0..<text.count, using: &generator),
                    byte: UInt8.random(in: 0...255, using: &generator))
            case 1:
                return .drop(line: Int.random(in: 0..<lineCount, using: &generator))
            case 2:
                let first = Int.random(in: 0..<(lineCount - 1), using: &generator)
                return .swap(first, min(lineCount - 1, first + Int.random(in: 1...3, using: &generator)))
            default:
                return .swap(
                    Int.random(in: 0..<lineCount, using: &generator), Int.random(in: 0..<lineCount, using: &generator))
            }
        }
    }

    /// The lines of the original's COPY blocks that appear nowhere else in it.
    static func dataLines(_ text: String) -> Set<Substring> {
        var data: Set<Substring> = []
        var other: Set<Substring> = []
        var inCopy = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if inCopy {
                if line == "\\." { inCopy = false } else { data.insert(line) }
            } else {
                other.insert(line)
                if line.hasPrefix("COPY ") && line.hasSuffix(" FROM stdin;") { inCopy = true }
            }
        }
        return data.subtracting(other)
    }

    @Test("300 mutations of the shop dump: refused, or no COPY data line in the passthrough", .timeLimit(.minutes(10)))
    func shopMutations() throws {
        let original = Array(try fileData(PackagePaths.fixture("shop/prod.sql")))
        let dataLines = Self.dataLines(String(decoding: original, as: UTF8.self))
        #expect(dataLines.count > 1000)
        let directory = TemporaryDirectory()
        let path = directory.file("mutated.sql")
        var refused = 0
        for mutation in Self.mutations(of: original, seed: 2024) {
            try Data(mutation.apply(to: original)).write(to: URL(fileURLWithPath: path))
            let items: [SourceItem]
            do {
                items = try readAll(try PgDumpReader(path: path, options: .init(keepLargeObjects: true)))
            } catch let error as VeilError {
                #expect(error.code == .source, "\(mutation): \(error)")
                refused += 1
                continue
            }
            let passthrough = StreamSummary(items).passthrough
            let leaked = passthrough.split(separator: "\n", omittingEmptySubsequences: false).filter {
                dataLines.contains($0)
            }
            #expect(leaked.count == 0, "\(mutation): COPY data line(s) passed through as text")
        }
        // Most damage is caught; a dropped data line or a changed comment is not damage the reader can see.
        #expect(refused >= 100, "only \(refused) of 300 mutations refused (109 when written)")
    }
}
