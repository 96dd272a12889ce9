import Foundation
import VeilConnectors
import VeilCore

/// Where the fixtures live, found from this file's path so tests run from any working directory on a fresh
/// clone.
enum Fixture {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // VeilConnectorsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `Fixtures/pagila/<name>` at the package root.
    static func pagila(_ name: String) -> String {
        packageRoot.appendingPathComponent("Fixtures/pagila/\(name)").path
    }

    /// `Tests/VeilConnectorsTests/Fixtures/<name>`.
    static func local(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/VeilConnectorsTests/Fixtures/\(name)").path
    }

    static let pagilaCopy = pagila("pagila-pgdump.sql")
    static let pagilaInserts = pagila("pagila-pgdump-inserts.sql")
}

/// Reads every item of a source.
func readAll(_ source: RowSource) throws -> [SourceItem] {
    var items: [SourceItem] = []
    while let item = try source.next() { items.append(item) }
    return items
}

/// Streams `source` into `sink` unchanged and finishes it; aborts the sink on error.
func copyAll(_ source: RowSource, into sink: RowSink) throws {
    do {
        while let item = try source.next() { try sink.write(item) }
        try sink.finish()
    } catch {
        sink.abort()
        throw error
    }
}

/// Reader to writer with no change; returns the output's bytes.
@discardableResult
func identityCopy(_ input: String, to output: String, options: PgDumpReaderOptions = .init()) throws -> Data {
    try copyAll(PgDumpReader(path: input, options: options), into: PgDumpWriter(path: output))
    return try Data(contentsOf: URL(fileURLWithPath: output))
}

/// pg_dump's closing lines, which the reader requires at the end of a plain dump (hand-written test dumps end
/// with them too).
let pgDumpTrailer = "\n--\n-- PostgreSQL database dump complete\n--\n\n"

func fileData(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
}

/// A dump's text without its `\restrict KEY` / `\unrestrict KEY` lines, whose key is random in every dump.
func withoutRestrictKeys(_ data: Data) -> String {
    String(decoding: data, as: UTF8.self)
        .split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasPrefix("\\restrict ") && !$0.hasPrefix("\\unrestrict ") }
        .joined(separator: "\n")
}

/// Rows per table over the whole stream, and the tables in the order their data begins.
struct StreamSummary {
    var rows: [TableName: Int] = [:]
    var tables: [TableName] = []
    var passthrough = ""
    var data: [TableData] = []

    init(_ items: [SourceItem]) {
        for item in items {
            switch item {
            case .passthrough(let text): passthrough += text
            case .beginTable(let table):
                data.append(table)
                if !tables.contains(table.table) { tables.append(table.table) }
            case .rows(let batch): rows[batch.table, default: 0] += batch.count
            case .endTable: break
            }
        }
    }

    /// All rows of a table, in order.
    static func rows(of table: TableName, in items: [SourceItem]) -> [Row] {
        items.flatMap { item -> [Row] in
            if case .rows(let batch) = item, batch.table == table { return batch.rows }
            return []
        }
    }
}

/// A table name in `public`.
func publicTable(_ name: String) -> TableName { TableName(schema: "public", name: name) }
