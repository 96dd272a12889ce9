import Testing
import VeilCore
import VeilProfile

@Suite("Table names and matching")
struct TableEntryTests {
    let here = SourceLocation(file: "p.yaml", line: 1, column: 1)

    func entry(_ key: String) -> TableEntry {
        TableEntry(key: key, disposition: .keep, location: here)
    }

    @Test func qualifiedKeyMatchesOnlyItsSchema() {
        let orders = entry("sales.orders")
        #expect(orders.schema == "sales")
        #expect(orders.name == "orders")
        #expect(orders.matches(TableName(schema: "sales", name: "orders"), defaultSchema: "public"))
        #expect(!orders.matches(TableName(schema: "public", name: "orders"), defaultSchema: "public"))
        #expect(!orders.matches(TableName(schema: "", name: "orders"), defaultSchema: ""))
    }

    @Test func bareKeyMeansTheDefaultSchema() {
        let orders = entry("orders")
        #expect(orders.schema == nil)
        #expect(orders.matches(TableName(schema: "public", name: "orders"), defaultSchema: "public"))
        #expect(!orders.matches(TableName(schema: "sales", name: "orders"), defaultSchema: "public"))
        #expect(orders.matches(TableName(schema: "", name: "orders"), defaultSchema: ""))
        #expect(!orders.matches(TableName(schema: "public", name: "orders"), defaultSchema: ""))
    }

    @Test func namesMatchAsSpelled() {
        #expect(!entry("Orders").matches(TableName(schema: "public", name: "orders"), defaultSchema: "public"))
        #expect(entry("Orders").matches(TableName(schema: "", name: "Orders"), defaultSchema: ""))
    }

    @Test func quotedPartsMayHoldDotsAndQuotes() {
        let dotted = entry(#""my.schema"."t.1""#)
        #expect(dotted.schema == "my.schema")
        #expect(dotted.name == "t.1")
        #expect(dotted.matches(TableName(schema: "my.schema", name: "t.1"), defaultSchema: "public"))
        #expect(TableKey(parsing: #""a""b".c"#) == TableKey(schema: #"a"b"#, name: "c"))
        #expect(TableKey(parsing: #"public."Order Lines""#) == TableKey(schema: "public", name: "Order Lines"))
    }

    @Test(arguments: ["", "a.b.c", "a.", ".b", #""open.t"#, #""a"b"#, "a..b"])
    func malformedKeysDoNotParse(key: String) {
        #expect(TableKey(parsing: key) == nil)
    }

    @Test func exactKeyWinsOverBareName() throws {
        let profile = try ProfileLoader.parse(
            profileHeader + """
                tables:
                  orders: keep
                  public.orders: { rows: none }
                  items: keep
                  '"my.schema"."t.1"': keep
                """, file: "p.yaml")
        let publicOrders = TableName(schema: "public", name: "orders")
        #expect(profile.entry(for: publicOrders, defaultSchema: "public")?.key == "public.orders")
        #expect(profile.entry(for: TableName(schema: "", name: "orders"), defaultSchema: "")?.key == "orders")
        #expect(profile.entry(for: TableName(schema: "public", name: "items"), defaultSchema: "public")?.key == "items")
        #expect(profile.entry(for: TableName(schema: "", name: "items"), defaultSchema: "")?.key == "items")
        #expect(profile.entry(for: TableName(schema: "x", name: "items"), defaultSchema: "public") == nil)
        let dotted = TableName(schema: "my.schema", name: "t.1")
        #expect(profile.entry(for: dotted, defaultSchema: "public")?.key == #""my.schema"."t.1""#)
    }

    @Test func resolvingPathKeepsRelativePathsAsWritten() {
        let profile = Profile(file: "Profiles/shop.yaml", keys: KeysConfiguration(store: ".veil/keys"))
        #expect(profile.resolvingPath("Fixtures/shop/prod.sql") == "Fixtures/shop/prod.sql")
        #expect(profile.resolvingPath("/abs/path.sql") == "/abs/path.sql")
        #expect(profile.resolvingPath("postgresql://h/db") == "postgresql://h/db")
        #expect(!profile.resolvingPath("~/x.sql").hasPrefix("~"))
    }
}
