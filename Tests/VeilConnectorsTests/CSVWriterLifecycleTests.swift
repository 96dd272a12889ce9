import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// When the CSV writer completes files, and what it does with leftovers of killed runs.
@Suite("CSV writer lifecycle")
struct CSVWriterLifecycleTests {
    /// A process id that is not running now.
    static func deadProcessID() -> Int32 {
        var candidate: Int32 = 4_000_000
        while kill(candidate, 0) == 0 || errno != ESRCH { candidate -= 1 }
        return candidate
    }

    static func stream(_ table: TableName, _ rows: [Row]) -> [SourceItem] {
        [
            .beginTable(TableData(table: table, columns: ["a"])),
            .rows(RowBatch(table: table, rows: rows, firstRowNumber: 1)), .endTable(table),
        ]
    }

    @Test("a table's file is completed when its data ends; data for it arriving again is refused")
    func completesAtEnd() throws {
        let directory = TemporaryDirectory()
        let table = TableName(schema: "public", name: "t")
        let writer = try CSVWriter(path: directory.path("out"))
        let schema = DatabaseSchema(tables: [TableSchema(name: table, columns: [Column(name: "a", type: "text")])])
        try writer.begin(schema: schema)
        for item in Self.stream(table, [["1"]]) { try writer.write(item) }
        let temporary = try directory.contents().first { $0.hasPrefix(".out.veil-tmp-") }!
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path(temporary)) == ["t.csv"])
        #expect {
            try writer.write(.beginTable(TableData(table: table, columns: ["a"])))
        } throws: { ($0 as? VeilError)?.code == .target }
        writer.abort()
        #expect(try directory.contents().isEmpty)
    }

    @Test("temporary and old folders of a dead run are removed; a live run's are kept")
    func leftovers() throws {
        let directory = TemporaryDirectory()
        let dead = Self.deadProcessID()
        let names = [".out.veil-tmp-\(dead)-abc", ".out.veil-old-\(dead)", ".out.veil-tmp-\(getpid())-live"]
        for name in names {
            try FileManager.default.createDirectory(atPath: directory.path(name), withIntermediateDirectories: false)
            _ = try directory.file(name + "/x.csv", "a\n1\n")
        }
        let writer = try CSVWriter(path: directory.path("out"))
        let remaining = try directory.contents()
        #expect(!remaining.contains(names[0]) && !remaining.contains(names[1]))
        #expect(remaining.contains(names[2]))
        writer.abort()
    }

    @Test("a table name that cannot be a file name is refused", arguments: ["a/b", "..", ".hidden", ""])
    func badNames(name: String) throws {
        #expect {
            try CSVWriter.fileName(for: TableName(schema: "", name: name))
        } throws: { ($0 as? VeilError)?.code == .target }
    }

    @Test("file names; two tables that would share a file are refused up front")
    func fileNames() throws {
        #expect(try CSVWriter.fileName(for: TableName(schema: "", name: "t")) == "t.csv")
        #expect(try CSVWriter.fileName(for: TableName(schema: "public", name: "t")) == "t.csv")
        #expect(try CSVWriter.fileName(for: TableName(schema: "sales", name: "t")) == "sales.t.csv")
        let directory = TemporaryDirectory()
        let writer = try CSVWriter(path: directory.path("out"))
        let columns = [Column(name: "a", type: "text")]
        let clash = DatabaseSchema(tables: [
            TableSchema(name: TableName(schema: "", name: "t"), columns: columns),
            TableSchema(name: TableName(schema: "public", name: "t"), columns: columns),
        ])
        #expect {
            try writer.begin(schema: clash)
        } throws: { ($0 as? VeilError)?.code == .target }
    }
}
