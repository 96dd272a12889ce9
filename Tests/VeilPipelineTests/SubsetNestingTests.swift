import Testing
import VeilConnectors
import VeilCore

@testable import VeilPipeline

/// How the subset closure sees partitions and inheritance children, on a schema shaped as PostgreSQL's catalog
/// describes one: foreign keys cloned onto every partition, and one key per partition of a referenced partitioned
/// table.
@Suite("Subset nesting")
struct SubsetNestingTests {
    static func table(_ name: String) -> TableName { TableName(schema: "public", name: name) }

    static func key(_ name: String, _ columns: [String], _ parent: String, _ referenced: [String]) -> ForeignKey {
        ForeignKey(name: name, columns: columns, referencedTable: table(parent), referencedColumns: referenced)
    }

    static func schemaTable(_ name: String, parent: String? = nil, keys: [ForeignKey] = []) -> TableSchema {
        TableSchema(
            name: table(name), columns: [Column(name: "id", type: "integer")], primaryKey: ["id"], foreignKeys: keys,
            parent: parent.map(table))
    }

    /// customers ← orders (partitioned: orders_2024 (partitioned: h1, h2), orders_2025 with a key of its own to
    /// auditors) ← payments; events (inheritance parent) with archived_events.
    static let nesting: SubsetNesting = {
        let toCustomers = key("orders_customer_id_fkey", ["customer_id"], "customers", ["id"])
        let toOrders = { (suffix: String, parent: String) in
            key("payments_order_fkey" + suffix, ["order_id", "order_placed"], parent, ["id", "placed"])
        }
        let schema = DatabaseSchema(tables: [
            schemaTable("archived_events", parent: "events"),
            schemaTable("auditors"),
            schemaTable("customers"),
            schemaTable("events", keys: [key("events_customer_fkey", ["customer_id"], "customers", ["id"])]),
            schemaTable("orders", keys: [toCustomers]),
            schemaTable("orders_2024", parent: "orders", keys: [toCustomers]),
            schemaTable("orders_2024_h1", parent: "orders_2024", keys: [toCustomers]),
            schemaTable("orders_2024_h2", parent: "orders_2024", keys: [toCustomers]),
            schemaTable(
                "orders_2025", parent: "orders",
                keys: [toCustomers, key("orders_2025_auditor_fkey", ["auditor_id"], "auditors", ["id"])]),
            schemaTable(
                "payments",
                keys: [
                    toOrders("", "orders"), toOrders("1", "orders_2024"), toOrders("2", "orders_2024_h1"),
                    toOrders("3", "orders_2024_h2"), toOrders("4", "orders_2025"),
                ]),
        ])
        let partitioned: Set<TableName> = [table("orders"), table("orders_2024")]
        return SubsetNesting(schema: schema, nesting: TableNesting(partitioned: partitioned))
    }()

    @Test func partitionsAndChildrenNest() {
        let nesting = Self.nesting
        #expect(
            nesting.descendants(of: Self.table("orders")).map(\.name) == [
                "orders_2024", "orders_2025", "orders_2024_h1", "orders_2024_h2",
            ])
        #expect(nesting.descendants(of: Self.table("events")) == [Self.table("archived_events")])
        #expect(
            nesting.partitionedAncestors(of: Self.table("orders_2024_h2")).map(\.name) == ["orders_2024", "orders"])
        // An inheritance parent is no partitioned ancestor: its child is capped, and keyed, on its own.
        #expect(nesting.partitionedAncestors(of: Self.table("archived_events")).isEmpty)
        #expect(nesting.capGroup(of: Self.table("orders_2024_h1")) == Self.table("orders"))
        #expect(nesting.capGroup(of: Self.table("orders")) == Self.table("orders"))
        #expect(nesting.capGroup(of: Self.table("archived_events")) == Self.table("archived_events"))
    }

    @Test func eachKeyIsFollowedOnceOnThePartitionedTable() {
        let nesting = Self.nesting
        // payments' copies of its key to every partition of orders are left out.
        #expect(nesting.foreignKeys(of: Self.table("payments")).map(\.name) == ["payments_order_fkey"])
        // A partition follows its ancestors' keys, and its own.
        #expect(nesting.foreignKeys(of: Self.table("orders_2024_h1")).map(\.name) == ["orders_customer_id_fkey"])
        #expect(
            nesting.foreignKeys(of: Self.table("orders_2025")).map(\.name) == [
                "orders_customer_id_fkey", "orders_2025_auditor_fkey",
            ])
        // As somebody's children, partitions are found through the partitioned table, except by keys of their own.
        #expect(nesting.ownForeignKeys(of: Self.table("orders")).map(\.name) == ["orders_customer_id_fkey"])
        #expect(nesting.ownForeignKeys(of: Self.table("orders_2024_h1")).isEmpty)
        #expect(nesting.ownForeignKeys(of: Self.table("orders_2025")).map(\.name) == ["orders_2025_auditor_fkey"])
        // Inheritance children do not inherit keys (PostgreSQL's rule).
        #expect(nesting.foreignKeys(of: Self.table("archived_events")).isEmpty)
    }
}
