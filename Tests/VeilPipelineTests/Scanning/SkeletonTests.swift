import Testing
import VeilCore
import VeilMasking
import VeilProfile

@testable import VeilPipeline

@Suite("veil scan: skeleton")
struct SkeletonTests {
    private func sample(_ values: [String?]) -> ColumnSample {
        var sample = ColumnSample(currentYear: 2026)
        for value in values { sample.add(value, classifier: ValueClassifier()) }
        return sample
    }

    private var schema: DatabaseSchema {
        let customers = TableSchema(
            name: TableName(schema: "public", name: "customers"),
            columns: [
                Column(name: "id", type: "integer", isNotNull: true), Column(name: "email", type: "text"),
                Column(name: "on", type: "text"),
            ],
            primaryKey: ["id"], uniqueKeys: [["email"]])
        let orders = TableSchema(
            name: TableName(schema: "public", name: "orders"),
            columns: [Column(name: "OrderId", type: "integer"), Column(name: "customer_email", type: "text")],
            primaryKey: ["OrderId"],
            foreignKeys: [
                ForeignKey(
                    name: "orders_email_fkey", columns: ["customer_email"], referencedTable: customers.name,
                    referencedColumns: ["email"])
            ])
        return DatabaseSchema(tables: [customers, orders])
    }

    private var samples: [TableName: [String: ColumnSample]] {
        let emails = ["ann.lee@example.org", "bob.ray@example.net", "cy.dunn@example.com"]
        return [
            TableName(schema: "public", name: "customers"): [
                "id": sample(["1", "2", "3"]), "email": sample(emails), "on": sample(["x", "y", "z"]),
            ],
            TableName(schema: "public", name: "orders"): [
                "OrderId": sample(["1"]), "customer_email": sample(["not an email at all"]),
            ],
        ]
    }

    @Test("a foreign key column takes its referenced column's rule, whatever its own values say")
    func foreignKeysAlign() throws {
        let tables = SkeletonBuilder(schema: schema, samples: samples).tables()
        let skeleton = ProfileSkeleton(
            source: "s.sql", sourceDescription: "s.sql", defaultSchema: "public", target: "out.sql", targetComment: nil,
            rowsPerTable: 10, tables: tables)
        let referenced = try #require(skeleton.rule(TableName(schema: "public", name: "customers"), "email"))
        #expect(referenced.name == "email")
        #expect(skeleton.rule(TableName(schema: "public", name: "orders"), "customer_email")?.name == referenced.name)
    }

    @Test("the YAML lists every column, quotes what YAML needs, carries review markers and no value")
    func yamlRoundTrip() throws {
        let tables = SkeletonBuilder(schema: schema, samples: samples).tables()
        let skeleton = ProfileSkeleton(
            source: "s.sql", sourceDescription: "s.sql", defaultSchema: "public", target: "out.sql", targetComment: nil,
            rowsPerTable: 10, tables: tables)
        let yaml = ProfileSkeletonWriter(version: "test").yaml(skeleton)
        #expect(yaml.contains("\"on\": "))
        #expect(yaml.contains("OrderId: keep"))
        #expect(!yaml.contains("example.org") && !yaml.contains("not an email"))
        let profile = try ProfileLoader.parse(yaml, file: "skeleton.yaml")
        #expect(profile.leakCheck == .fail)
        #expect(profile.tables.map(\.key) == ["customers", "orders"])
        #expect(profile.tables[0].columns.map(\.name) == ["id", "email", "on"])
        let marked = ReviewMarkers.pending(in: profile, defaultSchema: "public")
        #expect(marked.map(\.column) == skeleton.marked.map { "\($0)" })
        let plan = try PlanBuilder(profile: profile, schema: schema, defaultSchema: "public").build()
        #expect(plan.actions.count == 2)
    }

    @Test("review: is lifted out of a rule's arguments, and a run refuses while one remains")
    func reviewMarker() throws {
        let profile = try ProfileLoader.parse(
            """
            version: 1
            source: s.sql
            keys: { store: k, passphrase: env:X }
            tables:
              customers:
                columns:
                  id: keep
                  email: { rule: email, review: "values only" }
                  name: { rule: keep }
            """, file: "p.yaml")
        let email = try #require(profile.tables.first?.column(named: "email")?.rule)
        #expect(email.review == "values only")
        #expect(email.arguments.isEmpty)
        #expect(
            ReviewMarkers.pending(in: profile, defaultSchema: "public").map(\.description)
                == ["public.customers.email (email): values only"])
        #expect(throws: VeilError.self) { try ReviewMarkers.refuseIfAny(profile, defaultSchema: "public") }
    }

    @Test("a URL's password never reaches the skeleton")
    func password() {
        #expect(
            ProfileScan.withoutPassword("postgresql://u:s3cret@h:5432/db?sslmode=require&password=s3cret")
                == "postgresql://u@h:5432/db?sslmode=require")
    }
}
