import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

@Suite("SQLiteWriter: foreign keys reach the target and are checkable (unit, temporary files)")
struct SQLiteForeignKeyTests {
    static let customer = TableSchema(
        name: TableName(schema: "public", name: "customer"),
        columns: [Column(name: "id", type: "integer", isNotNull: true), Column(name: "email", type: "text")],
        primaryKey: ["id"])
    static let order = TableSchema(
        name: TableName(schema: "shop", name: "order"),
        columns: [
            Column(name: "id", type: "integer", isNotNull: true), Column(name: "customer_id", type: "integer"),
            Column(name: "email", type: "text"),
        ],
        primaryKey: ["id"],
        foreignKeys: [
            ForeignKey(
                name: "order_customer", columns: ["customer_id"], referencedTable: customer.name,
                referencedColumns: ["id"]),
            // Not a key of the referenced table: SQLite could not check it, so the writer leaves it out.
            ForeignKey(
                name: "order_email", columns: ["email"], referencedTable: customer.name,
                referencedColumns: ["email"]),
        ])

    private func write(orders: [Row]) throws -> String {
        let directory = TemporaryDirectory()
        let path = directory.path("fk.sqlite")
        let writer = try SQLiteWriter(path: path)
        try writer.begin(schema: DatabaseSchema(tables: [Self.customer, Self.order]))
        try writer.write(.beginTable(TableData(table: Self.customer.name, columns: ["id", "email"])))
        try writer.write(
            .rows(RowBatch(table: Self.customer.name, rows: [["1", "a@x"], ["2", "b@x"]], firstRowNumber: 1)))
        try writer.write(.endTable(Self.customer.name))
        try writer.write(.beginTable(TableData(table: Self.order.name, columns: ["id", "customer_id", "email"])))
        try writer.write(.rows(RowBatch(table: Self.order.name, rows: orders, firstRowNumber: 1)))
        try writer.write(.endTable(Self.order.name))
        try writer.finish()
        // Keep the file: move it out of the directory that is removed on return.
        let kept = FileManager.default.temporaryDirectory.appendingPathComponent("veil-fk-\(UUID().uuidString).sqlite")
        try FileManager.default.moveItem(atPath: path, toPath: kept.path)
        return kept.path
    }

    @Test func consistentDataHasNoViolationsAndKeysArePresent() throws {
        let path = try write(orders: [["10", "1", "zzz"], ["11", "2", nil], ["12", nil, nil]])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try SQLiteReader(path: path)
        #expect(try reader.foreignKeyViolationCount() == 0)
        let order = try #require(try reader.schema()[TableName(schema: "", name: "shop_order")])
        #expect(order.foreignKeys.count == 1)
        #expect(order.foreignKeys.first?.columns == ["customer_id"])
        #expect(order.foreignKeys.first?.referencedTable == TableName(schema: "", name: "customer"))
        #expect(order.foreignKeys.first?.referencedColumns == ["id"])
    }

    @Test func anOrphanRowIsReported() throws {
        let path = try write(orders: [["10", "1", nil], ["11", "99", nil]])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try SQLiteReader(path: path).foreignKeyViolationCount() == 1)
    }
}
