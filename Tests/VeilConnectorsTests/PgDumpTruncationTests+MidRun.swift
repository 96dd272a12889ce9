import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// A dump that changes between the reader's pre-scan and its stream, or while it streams, is refused: the
/// stream must not end quietly with the tables read so far.
extension PgDumpTruncationTests {
    /// A private copy of the shop dump, and the offset just after the `\.` line that ends `table`'s rows.
    static func shopCopy(in directory: TemporaryDirectory, cutAfter table: String) throws -> (String, Int) {
        let data = try fileData(Self.shop)
        let path = directory.file("shop.sql")
        try data.write(to: URL(fileURLWithPath: path))
        let header = try #require(data.range(of: Data("COPY \(table) (".utf8)))
        let end = try #require(data.range(of: Data("\n\\.\n".utf8), in: header.upperBound..<data.count))
        return (path, end.upperBound)
    }

    /// Shortens the file in place, as `truncate(2)` does.
    static func truncate(_ path: String, to length: Int) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(length))
        try handle.close()
    }

    /// Streams the rest of `reader` and returns the error it must end with, and the tables it began.
    static func streamError(_ reader: PgDumpReader) throws -> (VeilError, [TableName]) {
        var tables: [TableName] = []
        let error = try #require(throws: VeilError.self) {
            while let item = try reader.next() {
                if case .beginTable(let data) = item { tables.append(data.table) }
            }
        }
        return (error, tables)
    }

    @Test("a dump truncated at a table's end after the pre-scan, before the stream, is refused")
    func truncatedBetweenPasses() throws {
        let directory = TemporaryDirectory()
        let (path, end) = try Self.shopCopy(in: directory, cutAfter: "public.login_events")
        let reader = try PgDumpReader(path: path, options: .init(), chunkSize: 4096)
        #expect(try reader.schema().tables.count == 5)
        try Self.truncate(path, to: end)
        let (error, _) = try Self.streamError(reader)
        #expect(error.code == .source)
        #expect(error.message.contains("changed"), "\(error.message)")
    }

    @Test("a dump truncated at a table's end while it streams is refused at the end of the stream")
    func truncatedWhileStreaming() throws {
        let directory = TemporaryDirectory()
        let (path, end) = try Self.shopCopy(in: directory, cutAfter: "public.login_events")
        let reader = try PgDumpReader(path: path, options: .init(), chunkSize: 4096)
        _ = try reader.schema()
        // Stream up to the first rows, then cut the file far beyond what the reader has read.
        while let item = try reader.next() {
            if case .beginTable = item { break }
        }
        try Self.truncate(path, to: end)
        let (error, tables) = try Self.streamError(reader)
        #expect(error.code == .source, "\(error)")
        #expect(tables.contains(publicTable("login_events")) && !tables.contains(publicTable("orders")))
    }

    @Test("a dump rewritten in place (same size) between the passes is refused")
    func rewrittenBetweenPasses() throws {
        let directory = TemporaryDirectory()
        let (path, _) = try Self.shopCopy(in: directory, cutAfter: "public.orders")
        let reader = try PgDumpReader(path: path)
        _ = try reader.schema()
        let comment = try #require(try fileData(path).range(of: Data("-- Dumped from".utf8)))
        // Let the modification time move on a file system with coarse timestamps, then change one byte in place.
        Thread.sleep(forTimeInterval: 0.02)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64(comment.lowerBound + 3))
        try handle.write(contentsOf: Data("d".utf8))
        try handle.close()
        let (error, tables) = try Self.streamError(reader)
        #expect(error.code == .source)
        #expect(error.message.contains("changed"), "\(error.message)")
        #expect(tables.isEmpty)
    }
}
