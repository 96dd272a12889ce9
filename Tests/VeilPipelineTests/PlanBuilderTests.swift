import Testing
import VeilCore
import VeilMasking
import VeilProfile

@testable import VeilPipeline

/// Planning: fail closed, domains, foreign keys, constraints; every problem found in one pass.
@Suite("Plan builder")
struct PlanBuilderTests {
    static let customers = TableName(schema: "public", name: "customers")
    static let orders = TableName(schema: "public", name: "orders")
    static let payments = TableName(schema: "public", name: "payments")
    static let paymentsJanuary = TableName(schema: "public", name: "payments_2024_01")

    /// customers ← orders (customer_id), payments partitioned with one child.
    static let schema = DatabaseSchema(tables: [
        TableSchema(
            name: customers,
            columns: [
                Column(name: "id", type: "integer", isNotNull: true),
                Column(name: "email", type: "text", isNotNull: true),
                Column(name: "ssn", type: "text"),
                Column(name: "notes", type: "text"),
            ], primaryKey: ["id"], uniqueKeys: [["email"]]),
        TableSchema(
            name: orders,
            columns: [
                Column(name: "id", type: "integer", isNotNull: true),
                Column(name: "customer_id", type: "integer", isNotNull: true),
                Column(name: "status", type: "text"),
            ], primaryKey: ["id"],
            foreignKeys: [
                ForeignKey(
                    name: "orders_customer_id_fkey", columns: ["customer_id"], referencedTable: customers,
                    referencedColumns: ["id"])
            ]),
        TableSchema(
            name: payments, columns: [Column(name: "id", type: "integer"), Column(name: "card", type: "text")]),
        TableSchema(
            name: paymentsJanuary, columns: [Column(name: "id", type: "integer"), Column(name: "card", type: "text")],
            parent: payments),
    ])

    static func plan(_ yaml: String) throws -> MaskingPlan {
        let profile = try ProfileLoader.parse(yaml, file: "test.yaml")
        return try PlanBuilder(profile: profile, schema: schema, defaultSchema: "public").build()
    }

    static func problems(_ yaml: String) throws -> PlanningError {
        let profile = try ProfileLoader.parse(yaml, file: "test.yaml")
        do {
            _ = try PlanBuilder(profile: profile, schema: schema, defaultSchema: "public").build()
        } catch {
            return error
        }
        Issue.record("planning succeeded")
        return PlanningError(problems: [])
    }

    static let header = """
        version: 1
        keys: { store: keys, passphrase: env:VEIL_PASSPHRASE }

        """

    @Test("every unreviewed column is named as schema.table.column, in one pass, exit 3")
    func unreviewedColumns() throws {
        let error = try Self.problems(
            Self.header + """
                tables:
                  customers:
                    columns:
                      id: keep
                      email: { rule: hmac, unique: true }
                  payments: keep
                """)
        let unreviewed = error.problems.filter { $0.kind == .unreviewedColumn }.map(\.message).sorted()
        #expect(
            unreviewed == [
                "unreviewed column public.customers.notes", "unreviewed column public.customers.ssn",
                "unreviewed column public.orders.customer_id", "unreviewed column public.orders.id",
                "unreviewed column public.orders.status",
            ])
        #expect(error.veilError.code == .reviewNeeded)
    }

    @Test("on_unreviewed_column: null nulls nullable columns and still refuses NOT NULL ones")
    func unreviewedNull() throws {
        let error = try Self.problems(
            Self.header + """
                on_unreviewed_column: null
                tables:
                  customers: { columns: { id: keep, email: { rule: hmac, unique: true } } }
                  payments: keep
                """)
        let messages = error.problems.map(\.message)
        #expect(messages.contains { $0.contains("public.orders.id is NOT NULL") })
        #expect(messages.contains { $0.contains("public.orders.customer_id is NOT NULL") })
        #expect(!messages.contains { $0.contains("orders.status") })
        #expect(!messages.contains { $0.contains("customers.notes") })
    }

    @Test("a partition follows its parent's entry and masks in the parent's domain")
    func partitionsFollowParent() throws {
        let plan = try Self.plan(
            Self.header + """
                tables:
                  customers: { columns: { id: keep, email: { rule: hmac, unique: true }, ssn: fpe, notes: null } }
                  orders: keep
                  payments: { columns: { id: keep, card: card } }
                """)
        guard case .mask(let columns) = plan.actions[Self.paymentsJanuary] else {
            Issue.record("the partition was not masked")
            return
        }
        #expect(columns.map(\.column.name) == ["card"])
        #expect(columns.first?.domain == "public.payments.card")
        guard case .mask(let customerColumns) = plan.actions[Self.customers] else { return }
        #expect(customerColumns.first { $0.column.name == "ssn" }?.domain == "public.customers.ssn")
        #expect(customerColumns.first { $0.column.name == "email" }?.uniquenessScope != nil)
    }

    @Test("a foreign key column takes the referenced column's domain; different rules are refused")
    func foreignKeys() throws {
        let plan = try Self.plan(
            Self.header + """
                tables:
                  customers: { columns: { id: { rule: fpe }, email: { rule: hmac, unique: true }, ssn: keep, notes: null } }
                  orders: { columns: { id: keep, customer_id: fpe, status: keep } }
                  payments: keep
                """)
        guard case .mask(let columns) = plan.actions[Self.orders] else {
            Issue.record("orders not masked")
            return
        }
        #expect(columns.first { $0.column.name == "customer_id" }?.domain == "public.customers.id")

        let error = try Self.problems(
            Self.header + """
                tables:
                  customers: { columns: { id: { rule: fpe }, email: { rule: hmac, unique: true }, ssn: keep, notes: null } }
                  orders: keep
                  payments: keep
                """)
        #expect(error.problems.map(\.kind) == [.foreignKeyMismatch])
        #expect(error.problems.first?.message.contains("orders_customer_id_fkey") == true)
    }

    @Test("shift_date with by: takes the entity's domain, so one customer's dates move together everywhere")
    func shiftDateFollowsEntity() throws {
        let plan = try Self.plan(
            Self.header + """
                tables:
                  customers: { columns: { id: keep, email: { rule: hmac, unique: true }, ssn: keep, notes: { rule: shift_date, by: id } } }
                  orders: { columns: { id: keep, customer_id: keep, status: { rule: shift_date, by: customer_id } } }
                  payments: keep
                """)
        guard case .mask(let customerColumns) = plan.actions[Self.customers],
            case .mask(let orderColumns) = plan.actions[Self.orders]
        else {
            Issue.record("not masked")
            return
        }
        let customerDomain = customerColumns.first { $0.column.name == "notes" }?.domain
        #expect(customerDomain == "by:public.customers.id")
        #expect(orderColumns.first { $0.column.name == "status" }?.domain == customerDomain)
    }

    @Test("unknown rules, unknown and ill-typed arguments are reported with file:line, exit 64")
    func invalidRules() throws {
        let error = try Self.problems(
            Self.header + """
                tables:
                  customers:
                    columns:
                      id: keep
                      email: { rule: hmax, unique: true }
                      ssn: { rule: fpe, alphabt: digits }
                      notes: { rule: hmac, length: many }
                  orders: keep
                  payments: keep
                """)
        let invalid = error.problems.filter { $0.kind == .invalidRule }
        #expect(invalid.count == 3)
        #expect(invalid.contains { $0.message.contains("unknown rule `hmax`") && $0.message.contains("`hmac`") })
        #expect(invalid.contains { $0.message.contains("`alphabt`") && $0.message.contains("`alphabet`") })
        #expect(invalid.contains { $0.message.contains("`length`") })
        #expect(invalid.map { $0.location?.line ?? 0 }.sorted() == [7, 8, 9])
        #expect(error.veilError.code == .usage)
    }

    @Test("NULL into NOT NULL and a lossy rule on a unique key are refused before the run")
    func constraintConflicts() throws {
        let error = try Self.problems(
            Self.header + """
                tables:
                  customers: { columns: { id: keep, email: hmac, ssn: keep, notes: keep } }
                  orders: { columns: { id: keep, customer_id: null, status: keep } }
                  payments: keep
                """)
        let conflicts = error.problems.filter { $0.kind == .constraintConflict }.map(\.message)
        #expect(conflicts.contains { $0.contains("public.customers.email is a unique key") })
        // The `null` rule itself refuses a NOT NULL column when it is configured.
        #expect(
            error.problems.contains {
                $0.message.contains("public.orders.customer_id") && $0.message.contains("NOT NULL")
            })
    }

    @Test("a unique key with `unique: true` still refuses a lossy rule drawing from too few values")
    func smallOutputSpaceOnUniqueKey() throws {
        for rule in ["fake.first_name", "{ rule: hmac, length: 8, unique: true }"] {
            let spec = rule.hasPrefix("{") ? rule : "{ rule: \(rule), unique: true }"
            let error = try Self.problems(
                Self.header + """
                    tables:
                      customers: { columns: { id: keep, email: \(spec), ssn: keep, notes: keep } }
                      orders: keep
                      payments: keep
                    """)
            let conflicts = error.problems.filter { $0.kind == .constraintConflict }.map(\.message)
            #expect(conflicts.count == 1, "\(rule)")
            #expect(conflicts.first?.contains("duplicates are likely") == true, "\(rule)")
            #expect(error.veilError.code == .reviewNeeded)
        }
    }

    @Test("a rule other than keep or null on a generated column is refused: it would never run")
    func generatedColumnRules() throws {
        let table = TableSchema(
            name: TableName(schema: "public", name: "people"),
            columns: [
                Column(name: "id", type: "integer", isNotNull: true), Column(name: "first", type: "text"),
                Column(name: "shout", type: "text", isGenerated: true, generationExpression: "upper(first)"),
            ], primaryKey: ["id"])
        func build(_ rule: String) throws {
            let profile = try ProfileLoader.parse(
                Self.header + "tables:\n  people:\n    columns:\n      id: keep\n      first: fake.first_name\n"
                    + "      shout: \(rule)\n", file: "test.yaml")
            _ = try PlanBuilder(profile: profile, schema: DatabaseSchema(tables: [table]), defaultSchema: "public")
                .build()
        }
        let error = #expect(throws: PlanningError.self) { try build("fake.last_name") }
        #expect(
            error?.description.contains("public.people.shout is a generated column") == true,
            "\(String(describing: error))")
        try build("keep")
        try build("null")
    }
}
