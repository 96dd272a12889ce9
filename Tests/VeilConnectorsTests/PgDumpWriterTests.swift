import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// The writer's file handling and rendering.
@Suite("pg_dump writer")
struct PgDumpWriterTests {
    private let orders = TableName(schema: "Sales", name: "Orders")

    private func permissions(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("nothing appears under the final name before finish; the result has mode 0600")
    func atomicAndPrivate() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("dump.sql")
        let writer = try PgDumpWriter(path: path)
        #expect(writer.temporaryPath.hasPrefix(directory.path(".dump.sql.veil-tmp-")))
        try writer.write(.passthrough(String(repeating: "SELECT 1;\n", count: 300_000)))
        try writer.write(.beginTable(TableData(table: publicTable("t"), columns: ["a"])))
        try writer.write(.rows(RowBatch(table: publicTable("t"), rows: [["x"]], firstRowNumber: 1)))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try directory.contents() == [URL(fileURLWithPath: writer.temporaryPath).lastPathComponent])
        #expect(try permissions(writer.temporaryPath) == 0o600)
        try writer.write(.endTable(publicTable("t")))
        try writer.finish()
        #expect(try directory.contents() == ["dump.sql"])
        #expect(try permissions(path) == 0o600)
        #expect(try fileData(path).count == 3_000_000 + "COPY public.t (a) FROM stdin;\nx\n\\.\n".utf8.count)
    }

    @Test("abort, and deinit without finish, remove the temporary file and leave an existing file alone")
    func abortAndDeinit() throws {
        let directory = TemporaryDirectory()
        let path = try directory.file("dump.sql", "previous copy\n")
        let writer = try PgDumpWriter(path: path)
        try writer.write(.passthrough("new text\n"))
        writer.abort()
        #expect(try directory.contents() == ["dump.sql"])
        #expect(throws: VeilError.self) { try writer.write(.passthrough("late\n")) }
        do {
            let abandoned = try PgDumpWriter(path: path)
            try abandoned.write(.passthrough("never finished\n"))
        }
        #expect(try directory.contents() == ["dump.sql"])
        #expect(String(decoding: try fileData(path), as: UTF8.self) == "previous copy\n")
    }

    @Test("a directory that does not exist is a target error")
    func cannotCreate() {
        let error = #expect(throws: VeilError.self) { try PgDumpWriter(path: "/nonexistent-veil-dir/out.sql") }
        #expect(error?.code == .target)
    }

    @Test("COPY headers use pg_dump's quoting; a table without columns gets two spaces")
    func copyHeaders() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("out.sql")
        let writer = try PgDumpWriter(path: path)
        try writer.write(.beginTable(TableData(table: orders, columns: ["id", "user", "Order", "e\"q"])))
        try writer.write(.rows(RowBatch(table: orders, rows: [["1", nil, "a\tb", "c\\d"]], firstRowNumber: 1)))
        try writer.write(.endTable(orders))
        try writer.write(.beginTable(TableData(table: publicTable("empty_t"), columns: [])))
        try writer.write(.rows(RowBatch(table: publicTable("empty_t"), rows: [[]], firstRowNumber: 1)))
        try writer.write(.endTable(publicTable("empty_t")))
        try writer.finish()
        #expect(
            String(decoding: try fileData(path), as: UTF8.self) == """
                COPY "Sales"."Orders" (id, "user", "Order", "e""q") FROM stdin;
                1\t\\N\ta\\tb\tc\\\\d
                \\.
                COPY public.empty_t  FROM stdin;

                \\.

                """)
    }

    @Test("INSERT runs follow statement sizes; values are quoted literals; NULL stays NULL")
    func inserts() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("out.sql")
        let writer = try PgDumpWriter(path: path)
        try writer.write(
            .beginTable(TableData(table: orders, columns: ["id", "note"], style: .insert(columnList: true))))
        let rows: [Row] = [["1", "O'Reilly"], ["2", nil], ["3", "back\\slash"]]
        try writer.write(.rows(RowBatch(table: orders, rows: rows, firstRowNumber: 1, statementSizes: [2, 1])))
        try writer.write(.endTable(orders))
        try writer.write(
            .beginTable(TableData(table: publicTable("t"), columns: ["a"], style: .insert(columnList: false))))
        try writer.write(
            .rows(RowBatch(table: publicTable("t"), rows: [["x"], ["y"]], firstRowNumber: 1, statementSizes: [1, 1])))
        try writer.write(.endTable(publicTable("t")))
        try writer.finish()
        #expect(
            String(decoding: try fileData(path), as: UTF8.self) == """
                INSERT INTO "Sales"."Orders" (id, note) VALUES
                \t('1', 'O''Reilly'),
                \t('2', NULL);
                INSERT INTO "Sales"."Orders" (id, note) VALUES
                \t('3', 'back\\slash');
                INSERT INTO public.t VALUES ('x');
                INSERT INTO public.t VALUES ('y');

                """)
    }

    @Test("items out of order and rows of the wrong width are refused")
    func misuse() throws {
        let directory = TemporaryDirectory()
        let writer = try PgDumpWriter(path: directory.path("out.sql"))
        #expect(throws: VeilError.self) {
            try writer.write(.rows(RowBatch(table: publicTable("t"), rows: [["1"]], firstRowNumber: 1)))
        }
        try writer.write(.beginTable(TableData(table: publicTable("t"), columns: ["a", "b"])))
        let error = #expect(throws: VeilError.self) {
            try writer.write(
                .rows(RowBatch(table: publicTable("t"), rows: [["1", "2"], ["secret"]], firstRowNumber: 7)))
        }
        #expect(error?.location?.row == 8)
        #expect(error.map { !$0.description.contains("secret") } == true)
        #expect(throws: VeilError.self) { try writer.write(.passthrough("SELECT 1;\n")) }
        #expect(throws: VeilError.self) { try writer.finish() }
        #expect(try directory.contents() == [])
    }
}
