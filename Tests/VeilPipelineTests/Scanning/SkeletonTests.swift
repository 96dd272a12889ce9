import Testing
import VeilCore
import VeilMasking
import VeilProfile

@testable import VeilApp
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

    @Test("a composite of a name and an email gets null (no rule writes a record literal); a NOT NULL one keep, marked")
    func compositeWithPersonalData() throws {
        let contact = TableName(schema: "public", name: "contact")
        let table = TableSchema(
            name: TableName(schema: "public", name: "people"),
            columns: [
                Column(name: "id", type: "integer", isNotNull: true), Column(name: "contact", type: "public.contact"),
                Column(name: "required", type: "public.contact", isNotNull: true),
            ], primaryKey: ["id"])
        var schema = DatabaseSchema(tables: [table])
        schema.types = [UserType(name: contact, kind: .composite)]
        let values = (1...20).map { "(\"Anna Lindqvist\",q\($0).x@example.org)" }
        let tables = SkeletonBuilder(
            schema: schema,
            samples: [table.name: ["id": sample(["1"]), "contact": sample(values), "required": sample(values)]]
        ).tables()
        let skeleton = ProfileSkeleton(
            source: "s.sql", sourceDescription: "s.sql", defaultSchema: "public", target: "out.sql", targetComment: nil,
            rowsPerTable: 10, tables: tables)
        let nullable = try #require(skeleton.rule(table.name, "contact"))
        #expect(nullable.name == "null" && nullable.review != nil, "\(nullable)")
        let required = try #require(skeleton.rule(table.name, "required"))
        #expect(required.name == "keep" && required.review != nil, "\(required)")
    }

    @Test("a partitioned table whose rows all sit in a partition of a partition is sampled from there")
    func subPartitionSampled() throws {
        func events(_ name: String, parent: String?) -> TableSchema {
            TableSchema(
                name: TableName(schema: "public", name: name),
                columns: [Column(name: "id", type: "integer"), Column(name: "detail", type: "text")],
                parent: parent.map { TableName(schema: "public", name: $0) })
        }
        let schema = DatabaseSchema(tables: [
            events("events", parent: nil), events("events_eu", parent: "events"),
            events("events_eu_old", parent: "events_eu"), events("events_us", parent: "events"),
        ])
        let details = (1...20).map { "signed up via person\($0)@example.org, call +1 415 555 01\(10 + $0)" }
        let tables = SkeletonBuilder(
            schema: schema,
            samples: [
                TableName(schema: "public", name: "events_eu_old"): ["id": sample(["1"]), "detail": sample(details)],
                TableName(schema: "public", name: "events_us"): ["id": sample([]), "detail": sample([])],
            ]
        ).tables()
        let skeleton = ProfileSkeleton(
            source: "s.sql", sourceDescription: "s.sql", defaultSchema: "public", target: "out.sql", targetComment: nil,
            rowsPerTable: 10, tables: tables)
        let rule = try #require(skeleton.rule(TableName(schema: "public", name: "events"), "detail"))
        #expect(rule.name == "scrub", "\(rule)")
    }
}
