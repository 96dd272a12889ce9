import Testing
import VeilCore

@Suite("Core values")
struct CoreTests {
    @Test("exit codes are DESIGN.md's table")
    func exitCodes() {
        let codes: [(VeilError.Code, Int32)] = [
            (.internal, 1), (.leakFound, 2), (.reviewNeeded, 3), (.usage, 64), (.source, 66), (.target, 73),
            (.busy, 75), (.keyStore, 77),
        ]
        for (code, exit) in codes { #expect(code.exitCode == exit) }
    }

    @Test("an error names table, column and row, and nothing else from the data")
    func errorDescription() {
        let table = TableName(schema: "public", name: "customers")
        let error = VeilError(.source, "cannot mask this value", location: .init(table: table, column: "ssn", row: 12))
        #expect(error.description == "public.customers.ssn, row 12: cannot mask this value")
        #expect(VeilError(.usage, "bad").description == "bad")
        #expect(TableName(schema: "", name: "tracks").description == "tracks")
    }

    @Test("a schema keeps source order, replaces by name, and answers uniqueness")
    func schemaOrder() {
        let a = TableName(schema: "public", name: "a")
        let b = TableName(schema: "public", name: "b")
        var schema = DatabaseSchema(tables: [
            TableSchema(name: b, columns: [Column(name: "id", type: "integer")]),
            TableSchema(name: a, columns: [Column(name: "id", type: "integer")]),
        ])
        schema.upsert(TableSchema(name: b, columns: [Column(name: "id", type: "bigint")], primaryKey: ["id"]))
        schema.modify(a) { $0.uniqueKeys.append(["id"]) }
        #expect(schema.tables.map(\.name) == [b, a])
        #expect(schema[b]?.columns.first?.type == "bigint")
        #expect(schema[b]?.isUnique("id") == true)
        #expect(schema[a]?.isUnique("id") == true)
        #expect(schema[TableName(schema: "x", name: "y")] == nil)
    }
}
