import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// The CSV folder writer: naming, quoting, partitions and its all-or-nothing publication.
@Suite("CSV writer")
struct CSVWriterTests {
    static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    static func stream(_ table: TableName, _ columns: [String], _ rows: [Row]) -> [SourceItem] {
        [
            .beginTable(TableData(table: table, columns: columns)),
            .rows(RowBatch(table: table, rows: rows, firstRowNumber: 1)), .endTable(table),
        ]
    }

    @Test("files are named after tables, quoted where needed, NULL as nothing and empty as \"\"")
    func namingAndQuoting() throws {
        let directory = TemporaryDirectory()
        let target = directory.path("out") + "/"
        let writer = try CSVWriter(path: target)
        let people = TableName(schema: "public", name: "people")
        let audit = TableName(schema: "audit", name: "log")
        try writer.begin(
            schema: DatabaseSchema(tables: [
                TableSchema(
                    name: people, columns: [Column(name: "id", type: "int"), Column(name: "note", type: "text")]),
                TableSchema(name: audit, columns: [Column(name: "at", type: "text")]),
                TableSchema(name: TableName(schema: "", name: "empty"), columns: [Column(name: "x", type: "text")]),
            ]))
        try writer.write(.passthrough("CREATE TABLE people (...);\n"))
        for item in Self.stream(
            people, ["id", "note"],
            [
                ["1", nil], ["2", ""], ["3", "a,b"], ["4", "say \"hi\""], ["5", "two\nlines"], ["6", " padded"],
                ["7", "cr\r"], ["8", "plain é"],
            ])
        {
            try writer.write(item)
        }
        try writer.finish()
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path("out")).sorted()
                == ["audit.log.csv", "empty.csv", "people.csv"])
        #expect(
            try Self.text(directory.path("out/people.csv")) == """
                id,note
                1,
                2,""
                3,"a,b"
                4,"say ""hi\"""
                5,"two
                lines"
                6," padded"
                7,"cr\r"
                8,plain é

                """)
        #expect(try Self.text(directory.path("out/audit.log.csv")) == "at\n")
        let folderMode = try FileManager.default.attributesOfItem(atPath: directory.path("out"))[.posixPermissions]
        let fileMode = try FileManager.default.attributesOfItem(atPath: directory.path("out/people.csv"))[
            .posixPermissions]
        #expect(folderMode as? Int == 0o700)
        #expect(fileMode as? Int == 0o600)
        #expect(try directory.contents() == ["out"])
    }

    @Test("nothing is visible before finish, nothing remains after abort or release")
    func publication() throws {
        let directory = TemporaryDirectory()
        let target = directory.path("out")
        let table = TableName(schema: "", name: "t")
        do {
            let writer = try CSVWriter(path: target)
            for item in Self.stream(table, ["a"], [["1"]]) { try writer.write(item) }
            #expect(!FileManager.default.fileExists(atPath: target))
            #expect(try directory.contents().count == 1)  // the temporary folder
            #expect(try directory.contents()[0].hasPrefix(".out.veil-tmp-\(getpid())-"))
            writer.abort()
            #expect(try directory.contents().isEmpty)
        }
        do {
            let writer = try CSVWriter(path: target)
            for item in Self.stream(table, ["a"], [["1"]]) { try writer.write(item) }
        }
        #expect(try directory.contents().isEmpty)
    }

    @Test("finish replaces an existing output folder and leaves no old or temporary folder")
    func replacesExisting() throws {
        let directory = TemporaryDirectory()
        let target = directory.path("out")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        _ = try directory.file("out/stale.csv", "x\n1\n")
        let writer = try CSVWriter(path: target)
        for item in Self.stream(TableName(schema: "", name: "fresh"), ["a"], [["2"]]) { try writer.write(item) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["stale.csv"])
        try writer.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["fresh.csv"])
        #expect(try directory.contents() == ["out"])
        #expect(throws: VeilError.self) { try writer.write(.endTable(TableName(schema: "", name: "fresh"))) }
    }

    @Test("a folder holding anything but .csv files is refused as a target, and so is a file")
    func refusesForeignFolder() throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("home"), withIntermediateDirectories: false)
        _ = try directory.file("home/notes.txt", "keep me")
        _ = try directory.file("plain", "a file")
        for target in [directory.path("home"), directory.path("plain")] {
            #expect {
                try CSVWriter(path: target)
            } throws: { ($0 as? VeilError)?.code == .target }
        }
        #expect(try Self.text(directory.path("home/notes.txt")) == "keep me")
    }

    @Test("rows of partition children go into the root parent's file, reordered by column name")
    func partitions() throws {
        let directory = TemporaryDirectory()
        let target = directory.path("out")
        let root = TableName(schema: "public", name: "events")
        let middle = TableName(schema: "public", name: "events_2024")
        let leaf = TableName(schema: "public", name: "events_2024_01")
        let other = TableName(schema: "public", name: "events_2025")
        let columns = [Column(name: "id", type: "int"), Column(name: "kind", type: "text")]
        let writer = try CSVWriter(path: target)
        try writer.begin(
            schema: DatabaseSchema(tables: [
                TableSchema(name: root, columns: columns), TableSchema(name: middle, columns: columns, parent: root),
                TableSchema(name: leaf, columns: columns, parent: middle),
                TableSchema(name: other, columns: columns, parent: root),
            ]))
        for item in Self.stream(leaf, ["id", "kind"], [["1", "a"]]) + Self.stream(other, ["kind", "id"], [["b", "2"]]) {
            try writer.write(item)
        }
        try writer.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["events.csv"])
        #expect(try Self.text(target + "/events.csv") == "id,kind\n1,a\n2,b\n")
    }
}
