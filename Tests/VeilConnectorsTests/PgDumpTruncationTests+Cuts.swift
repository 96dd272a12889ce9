import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// A dump cut anywhere before its end — even between two complete statements — is refused as truncated: a
/// plain dump ends with pg_dump's completion trailer and, after a `\restrict KEY`, the matching `\unrestrict KEY`.
extension PgDumpTruncationTests {
    static let shop = PackagePaths.fixture("shop/prod.sql")

    /// The offset where the dump's last line, `\unrestrict KEY`, begins: every cut before it loses the ending.
    static func endingOffset(_ bytes: [UInt8]) throws -> Int {
        let marker = Array("\n\\unrestrict ".utf8)
        let start = try #require(
            (0...(bytes.count - marker.count)).reversed().first {
                bytes[$0..<($0 + marker.count)].elementsEqual(marker)
            })
        return start + 1
    }

    /// The offsets of every line start in `bytes[0..<limit]`.
    static func lineStarts(_ bytes: [UInt8], before limit: Int) -> [Int] {
        [0] + (0..<limit).filter { bytes[$0] == 0x0A && $0 + 1 < limit }.map { $0 + 1 }
    }

    /// The cuts of `bytes` at `offsets` that the reader's pre-scan accepts (each should be refused).
    static func acceptedCuts(of bytes: [UInt8], at offsets: [Int]) throws -> [Int] {
        let directory = TemporaryDirectory()
        let path = directory.file("cut.sql")
        var accepted: [Int] = []
        for offset in offsets {
            try Data(bytes[0..<offset]).write(to: URL(fileURLWithPath: path))
            do {
                _ = try PgDumpReader(path: path).schema()
                accepted.append(offset)
            } catch let error as VeilError {
                #expect(error.code == .source, "cut at \(offset): \(error)")
                #expect(error.message.hasPrefix("line "), "cut at \(offset): \(error.message)")
            }
        }
        return accepted
    }

    @Test("the shop dump cut at every line boundary before its end is refused", .timeLimit(.minutes(10)))
    func everyLineBoundaryOfShop() throws {
        let bytes = Array(try fileData(Self.shop))
        let end = try Self.endingOffset(bytes)
        let offsets = Self.lineStarts(bytes, before: end) + [end]
        #expect(offsets.count > 1900)
        let accepted = try Self.acceptedCuts(of: bytes, at: offsets)
        #expect(accepted.isEmpty, "\(accepted.count) cuts accepted, the first at \(accepted.prefix(5))")
        // The whole dump, and the dump without only its final blank line, are complete.
        #expect(try Self.acceptedCuts(of: bytes, at: [bytes.count, bytes.count - 1]).count == 2)
    }

    @Test("the shop dump cut at 300 random byte offsets is refused")
    func randomByteOffsetsOfShop() throws {
        let bytes = Array(try fileData(Self.shop))
        let end = try Self.endingOffset(bytes)
        var generator = SeededGenerator(seed: 7)
        let offsets = (0..<300).map { _ in Int.random(in: 0..<end, using: &generator) }
        let accepted = try Self.acceptedCuts(of: bytes, at: offsets)
        #expect(accepted.isEmpty, "\(accepted.count) cuts accepted, the first at \(accepted.prefix(5))")
    }

    @Test("pagila cut at every table's end and at post-data entries is refused", .timeLimit(.minutes(10)))
    func pagilaStatementBoundaries() throws {
        let bytes = Array(try fileData(Fixture.pagilaCopy))
        let end = try Self.endingOffset(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        var offsets: [Int] = []
        // After each COPY block's `\.` line, and after the two blank lines that follow it.
        var search = text.startIndex
        while let range = text.range(of: "\n\\.\n", range: search..<text.endIndex) {
            let offset = text.utf8.distance(from: text.startIndex, to: range.upperBound)
            offsets += [offset, offset + 2]
            search = range.upperBound
        }
        // Before every tenth TOC entry of the post-data section (constraints, indexes, triggers, keys).
        let postData = try #require(text.range(of: "Type: CONSTRAINT;"))
        var entries: [Int] = []
        search = postData.lowerBound
        while let range = text.range(of: "\n--\n-- Name: ", range: search..<text.endIndex) {
            entries.append(text.utf8.distance(from: text.startIndex, to: range.lowerBound) + 1)
            search = range.upperBound
        }
        offsets += entries.enumerated().filter { $0.offset % 10 == 0 }.map(\.element)
        // The trailer without its `\unrestrict`, and without its last `--`.
        offsets += [end, end - 4]
        #expect(offsets.count > 40)
        let accepted = try Self.acceptedCuts(of: bytes, at: offsets)
        #expect(accepted.isEmpty, "\(accepted.count) cuts accepted, the first at \(accepted.prefix(5))")
    }

    @Test("a \\restrict whose \\unrestrict carries another key is refused")
    func mismatchedUnrestrict() throws {
        var text = try String(contentsOfFile: Self.shop, encoding: .utf8)
        let range = try #require(text.range(of: "\\unrestrict ", options: .backwards))
        text.replaceSubrange(range.upperBound..<text.index(range.upperBound, offsetBy: 3), with: "zzz")
        let directory = TemporaryDirectory()
        let error = try #require(throws: VeilError.self) {
            try PgDumpReader(path: try directory.file("mismatch.sql", text)).schema()
        }
        #expect(error.code == .source)
        #expect(error.message.contains("\\unrestrict"), "\(error.message)")
        #expect(!error.message.contains("WDkHsx"), "the message quotes the key")
    }

    @Test("after the trailer only Veil's own sequence catch-up may follow; other text is refused")
    func textAfterTrailer() throws {
        let text = try String(contentsOfFile: Self.shop, encoding: .utf8)
        let directory = TemporaryDirectory()
        // What a dump Veil wrote from a live source ends with.
        let withCatchUp = try directory.file("veil.sql", text + SequenceCatchUpScript.sql)
        #expect(StreamSummary(try readAll(PgDumpReader(path: withCatchUp))).rows.count == 5)
        for tail in ["CREATE INDEX i ON public.orders (total);\n", "-- a note\n", "DO $$ BEGIN END $$;\n"] {
            let path = try directory.file("tail.sql", text + tail)
            let error = try #require(throws: VeilError.self) { try PgDumpReader(path: path).schema() }
            #expect(error.code == .source)
        }
    }
}
