import Testing
import VeilCore

@testable import VeilPipeline

@Suite("schema drift")
struct SchemaDriftTests {
    static let customers = TableName(schema: "public", name: "customers")
    static let orders = TableName(schema: "public", name: "orders")

    static func lock(_ tables: [TableSchema], defaultSchema: String = "public") -> SchemaLock {
        SchemaLock(schema: DatabaseSchema(tables: tables), defaultSchema: defaultSchema)
    }

    static func customersTable(_ columns: [Column], primaryKey: [String]? = ["id"]) -> TableSchema {
        TableSchema(name: customers, columns: columns, primaryKey: primaryKey)
    }

    static let baseColumns = [
        Column(name: "id", type: "integer", isNotNull: true),
        Column(name: "email", type: "character varying(50)"),
        Column(name: "rating", type: "public.mpaa_rating"),
    ]

    @Test("the same schema has no drift")
    func identical() {
        let schema = Self.lock([Self.customersTable(Self.baseColumns)])
        #expect(SchemaDrift(locked: schema, current: schema).isEmpty)
    }

    @Test("a new column is named with its type")
    func addedColumn() {
        let locked = Self.lock([Self.customersTable(Self.baseColumns)])
        let current = Self.lock([Self.customersTable(Self.baseColumns + [Column(name: "loyalty", type: "text")])])
        let drift = SchemaDrift(locked: locked, current: current)
        #expect(drift.changes == [.addedColumn(ColumnName(table: Self.customers, column: "loyalty"), type: "text")])
        #expect(drift.messages == ["new column public.customers.loyalty (text)"])
    }

    @Test("a removed column is named")
    func removedColumn() {
        let locked = Self.lock([Self.customersTable(Self.baseColumns)])
        let current = Self.lock([Self.customersTable(Array(Self.baseColumns.prefix(2)))])
        #expect(
            SchemaDrift(locked: locked, current: current).messages == [
                "removed column public.customers.rating (public.mpaa_rating)"
            ])
    }

    @Test("a retyped column shows both types")
    func retypedColumn() {
        let locked = Self.lock([Self.customersTable(Self.baseColumns)])
        var columns = Self.baseColumns
        columns[0].type = "bigint"
        let drift = SchemaDrift(locked: locked, current: Self.lock([Self.customersTable(columns)]))
        let id = ColumnName(table: Self.customers, column: "id")
        #expect(drift.changes == [.retypedColumn(id, from: "integer", to: "bigint")])
        #expect(drift.messages == ["retyped column public.customers.id: integer -> bigint"])
    }

    @Test("NOT NULL added and dropped are both drift")
    func nullability() {
        let locked = Self.lock([Self.customersTable(Self.baseColumns)])
        var columns = Self.baseColumns
        columns[0].isNotNull = false
        columns[1].isNotNull = true
        let drift = SchemaDrift(locked: locked, current: Self.lock([Self.customersTable(columns)]))
        #expect(
            drift.messages == [
                "column public.customers.email became NOT NULL",
                "column public.customers.id is no longer NOT NULL",
            ])
    }

    @Test("new and removed tables are named; a changed primary key is drift")
    func tables() {
        let locked = Self.lock([Self.customersTable(Self.baseColumns)])
        let current = Self.lock([
            Self.customersTable(Self.baseColumns, primaryKey: ["id", "email"]),
            TableSchema(name: Self.orders, columns: [Column(name: "id", type: "integer")]),
        ])
        #expect(
            SchemaDrift(locked: locked, current: current).messages == [
                "primary key of public.customers changed: (id) -> (id, email)",
                "new table public.orders (1 column)",
            ])
        #expect(
            SchemaDrift(locked: current, current: locked).messages == [
                "primary key of public.customers changed: (id, email) -> (id)",
                "removed table public.orders",
            ])
    }

    @Test(
        "types compare without case, whitespace, quotes and the default schema's prefix",
        arguments: [
            ("public.mpaa_rating", "mpaa_rating"),
            ("\"public\".\"mpaa_rating\"", "mpaa_rating"),
            ("character varying(50)", "CHARACTER VARYING (50)"),
            ("numeric(10,2)", "numeric( 10, 2 )"),
            ("timestamp  with time zone", "timestamp with time zone"),
            ("pg_catalog.int4", "int4"),
            ("text[]", "text []"),
        ])
    func equivalentTypes(locked: String, current: String) {
        let before = Self.lock([Self.customersTable([Column(name: "c", type: locked)])])
        let after = Self.lock([Self.customersTable([Column(name: "c", type: current)])])
        #expect(SchemaDrift(locked: before, current: after).isEmpty)
    }

    @Test(
        "different types stay different after normalisation",
        arguments: [
            ("character varying(50)", "character varying(60)"),
            ("sales.mpaa_rating", "mpaa_rating"),
            ("integer", "bigint"),
            ("text", "text[]"),
        ])
    func differentTypes(locked: String, current: String) {
        let before = Self.lock([Self.customersTable([Column(name: "c", type: locked)])])
        let after = Self.lock([Self.customersTable([Column(name: "c", type: current)])])
        #expect(SchemaDrift(locked: before, current: after).changes.count == 1)
    }

    @Test("a SQLite source (no default schema) still compares quotes and case")
    func noDefaultSchema() {
        let table = TableName(schema: "", name: "Customer")
        func lock(_ type: String) -> SchemaLock {
            Self.lock([TableSchema(name: table, columns: [Column(name: "Email", type: type)])], defaultSchema: "")
        }
        #expect(SchemaDrift(locked: lock("NVARCHAR(60)"), current: lock("\"nvarchar\"(60)")).isEmpty)
        #expect(
            SchemaDrift(locked: lock("NVARCHAR(60)"), current: lock("NVARCHAR(70)")).messages == [
                "retyped column Customer.Email: NVARCHAR(60) -> NVARCHAR(70)"
            ])
    }

    @Test("messages are sorted by table, column and kind whatever the source order")
    func stableOrder() {
        let a = TableName(schema: "public", name: "a")
        let z = TableName(schema: "public", name: "z")
        let locked = Self.lock([
            TableSchema(name: z, columns: [Column(name: "y", type: "integer"), Column(name: "b", type: "text")]),
            TableSchema(name: a, columns: [Column(name: "id", type: "integer")]),
            TableSchema(name: TableName(schema: "public", name: "gone"), columns: []),
        ])
        let current = Self.lock([
            TableSchema(name: TableName(schema: "public", name: "m"), columns: []),
            TableSchema(
                name: z,
                columns: [Column(name: "c", type: "text"), Column(name: "b", type: "integer", isNotNull: true)]),
            TableSchema(name: a, columns: [Column(name: "id", type: "integer"), Column(name: "a", type: "text")]),
        ])
        let expected = [
            "new column public.a.a (text)",
            "removed table public.gone",
            "new table public.m (0 columns)",
            "retyped column public.z.b: text -> integer",
            "column public.z.b became NOT NULL",
            "new column public.z.c (text)",
            "removed column public.z.y (integer)",
        ]
        #expect(SchemaDrift(locked: locked, current: current).messages == expected)
        let reordered = SchemaLock(defaultSchema: "public", tables: current.tables.reversed())
        #expect(SchemaDrift(locked: locked, current: reordered).messages == expected)
    }

    @Test("the drift error is exit 3, lists every change and says how to accept them")
    func failureMessage() throws {
        let locked = Self.lock([Self.customersTable(Self.baseColumns)])
        let current = Self.lock([Self.customersTable(Self.baseColumns + [Column(name: "loyalty", type: "text")])])
        let error = SchemaDriftCheck.failure(
            SchemaDrift(locked: locked, current: current), lockPath: "p/shop.lock", profilePath: "p/shop.yaml")
        #expect(error.code.exitCode == 3)
        #expect(error.message.contains("\n  new column public.customers.loyalty (text)\n"))
        #expect(error.message.contains("p/shop.lock"))
        #expect(error.message.contains("`veil check p/shop.yaml --update-lock`"))
    }
}
