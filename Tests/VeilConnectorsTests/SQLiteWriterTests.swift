import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

@Suite("SQLiteWriter and SQLiteReader: files, errors, partitions, types (unit, temporary files)")
struct SQLiteWriterTests {
    @Test func nothingUnderTheFinalNameBeforeFinishAndNothingAfterAbort() throws {
        let directory = TemporaryDirectory()
        let output = directory.path("out.sqlite")
        let table = TableSchema(name: TableName(schema: "", name: "t"), columns: [Column(name: "a", type: "TEXT")])
        let writer = try SQLiteWriter(path: output)
        try writer.begin(schema: DatabaseSchema(tables: [table]))
        try writer.write(.beginTable(TableData(table: table.name, columns: ["a"])))
        try writer.write(.rows(RowBatch(table: table.name, rows: [["x"]], firstRowNumber: 1)))
        #expect(!FileManager.default.fileExists(atPath: output))
        let temporary = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(temporary.count == 1)
        #expect(temporary.first?.hasPrefix(".out.sqlite.veil-tmp-\(getpid())-") == true)
        let mode = try FileManager.default.attributesOfItem(atPath: writer.temporaryPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        writer.abort()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
    }

    @Test func releasingAnUnfinishedWriterDeletesItsFile() throws {
        let directory = TemporaryDirectory()
        do {
            let writer = try SQLiteWriter(path: directory.path("out.sqlite"))
            try writer.begin(schema: DatabaseSchema())
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
    }

    @Test func missingDirectoryIsATargetError() {
        let error = #expect(throws: VeilError.self) { try SQLiteWriter(path: "/nonexistent-veil-dir/out.sqlite") }
        #expect(error?.code == .target)
    }

    @Test(arguments: ["missing.sqlite", "text.sqlite"])
    func missingOrNotADatabaseIsASourceError(_ name: String) throws {
        let directory = TemporaryDirectory()
        if name == "text.sqlite" {
            _ = try directory.file(name, String(repeating: "not a database at all\n", count: 50))
        }
        let error = #expect(throws: VeilError.self) { try SQLiteReader(path: directory.path(name)) }
        #expect(error?.code == .source)
    }

    @Test func partitionChildrenRowsLandInTheRootParent() throws {
        let directory = TemporaryDirectory()
        let output = directory.path("out.sqlite")
        let columns = [
            Column(name: "payment_id", type: "integer", isNotNull: true),
            Column(name: "amount", type: "numeric(5,2)"),
            Column(name: "payment_date", type: "timestamp with time zone"),
        ]
        let parent = TableName(schema: "public", name: "payment")
        let children = ["payment_p2022_01", "payment_p2022_02"].map { TableName(schema: "public", name: $0) }
        let schema = DatabaseSchema(
            tables: [TableSchema(name: parent, columns: columns, primaryKey: ["payment_id"])]
                + children.map { TableSchema(name: $0, columns: columns, primaryKey: ["payment_id"], parent: parent) })
        let writer = try SQLiteWriter(path: output)
        try writer.begin(schema: schema)
        for (index, child) in children.enumerated() {
            try writer.write(.passthrough("ALTER TABLE ONLY public.payment ATTACH PARTITION ...;\n"))
            try writer.write(.beginTable(TableData(table: child, columns: ["payment_id", "amount", "payment_date"])))
            let rows: [Row] = (1...3).map {
                ["\(index * 10 + $0)", "\($0).99", "2022-0\(index + 1)-0\($0) 10:00:00+00"]
            }
            try writer.write(.rows(RowBatch(table: child, rows: rows, firstRowNumber: 1)))
            try writer.write(.endTable(child))
        }
        try writer.finish()

        let reader = try SQLiteReader(path: output)
        #expect(try reader.schema().tables.map(\.name.name) == ["payment"])
        let payment = try #require(try reader.schema()[TableName(schema: "", name: "payment")])
        #expect(payment.columns.map(\.type) == ["INTEGER", "NUMERIC", "TEXT"])
        let rows = StreamSummary.rows(of: TableName(schema: "", name: "payment"), in: try readAll(reader))
        #expect(rows.map { $0[0] } == ["1", "2", "3", "11", "12", "13"])
        #expect(rows[0][1] == "1.99")
    }

    @Test func postgresTypesBooleanByteaAndNullRoundTrip() throws {
        let directory = TemporaryDirectory()
        let output = directory.path("out.sqlite")
        let table = TableSchema(
            name: TableName(schema: "sales", name: "item"),
            columns: [
                Column(name: "id", type: "bigint", isNotNull: true), Column(name: "active", type: "boolean"),
                Column(name: "photo", type: "bytea"), Column(name: "price", type: "double precision"),
                Column(name: "tags", type: "text[]"),
                Column(name: "total", type: "integer", isGenerated: true, generationExpression: "(id * 2)"),
            ], primaryKey: ["id"])
        let writer = try SQLiteWriter(path: output)
        try writer.begin(schema: DatabaseSchema(tables: [table]))
        try writer.write(
            .beginTable(TableData(table: table.name, columns: ["id", "active", "photo", "price", "tags"])))
        let rows: [Row] = [
            ["1", "t", "\\x00ff10", "1.5", "{a,b}"],
            ["2", "f", "\\x", nil, nil],
            ["3", nil, nil, "-0.25", ""],
        ]
        try writer.write(.rows(RowBatch(table: table.name, rows: rows, firstRowNumber: 1)))
        try writer.write(.endTable(table.name))
        try writer.finish()

        let reader = try SQLiteReader(path: output)
        let name = TableName(schema: "", name: "sales_item")
        let schema = try #require(try reader.schema()[name])
        // The generated column is declared, computed by SQLite (issue 15, item 9), and not read as a value.
        #expect(schema.columns.map(\.name) == ["id", "active", "photo", "price", "tags", "total"])
        #expect(schema.columns.map(\.type) == ["INTEGER", "INTEGER", "BLOB", "REAL", "TEXT", "INTEGER"])
        #expect(schema.columns.map(\.isGenerated) == [false, false, false, false, false, true])
        let copied = StreamSummary.rows(of: name, in: try readAll(reader))
        #expect(
            copied == [
                ["1", "1", "\\x00ff10", "1.5", "{a,b}"],
                ["2", "0", "\\x", nil, nil],
                ["3", nil, nil, "-0.25", ""],
            ])
    }

    @Test func constraintFailureNamesTableAndRowButNotTheValue() throws {
        let directory = TemporaryDirectory()
        let table = TableSchema(
            name: TableName(schema: "public", name: "users"),
            columns: [Column(name: "email", type: "text", isNotNull: true)], uniqueKeys: [["email"]])
        let writer = try SQLiteWriter(path: directory.path("out.sqlite"))
        try writer.begin(schema: DatabaseSchema(tables: [table]))
        try writer.write(.beginTable(TableData(table: table.name, columns: ["email"])))
        let error = #expect(throws: VeilError.self) {
            try writer.write(
                .rows(
                    RowBatch(
                        table: table.name, rows: [["alice@example.com"], ["alice@example.com"]], firstRowNumber: 1)))
        }
        #expect(error?.code == .target)
        #expect(error?.location?.table == table.name)
        #expect(error?.location?.row == 2)
        #expect(error?.description.contains("alice") == false)
        writer.abort()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
    }
}

@Suite("SQLiteWriter: leftovers of killed runs (unit, temporary files)")
struct SQLiteWriterLeftoverTests {
    @Test func removesTemporaryFilesOfDeadProcessesOnly() throws {
        let directory = TemporaryDirectory()
        // No process has pid 2147483646 (above any pid_max); our own pid is alive.
        let dead = try directory.file(".out.sqlite.veil-tmp-2147483646-abc", "x")
        let alive = try directory.file(".out.sqlite.veil-tmp-\(getpid())-abc", "x")
        let other = try directory.file(".other.sqlite.veil-tmp-2147483646-abc", "x")
        let writer = try SQLiteWriter(path: directory.path("out.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: alive))
        #expect(FileManager.default.fileExists(atPath: other))
        writer.abort()
    }
}
