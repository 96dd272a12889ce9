import Testing
import VeilCore
import VeilCrypto
import VeilMasking
import VeilProfile

@testable import VeilPipeline

/// Nested rules in plans: `json` paths validated like columns (with file:line), and `scrub` linked to the
/// profile columns that mask each kind of personal data.
@Suite("Nested rule plans")
struct NestedRulePlanTests {
    static let customers = TableName(schema: "public", name: "customers")
    static let tickets = TableName(schema: "public", name: "tickets")
    static let orders = TableName(schema: "public", name: "orders")
    static let ring = MaskingKeyRing(dataKey: SecureBytes(Array(repeating: 3, count: 32)), keyVersion: 1)

    static let schema = DatabaseSchema(tables: [
        TableSchema(
            name: customers,
            columns: [
                Column(name: "id", type: "integer", isNotNull: true),
                Column(name: "email", type: "text"),
                Column(name: "backup_email", type: "text"),
            ], primaryKey: ["id"]),
        TableSchema(
            name: tickets,
            columns: [Column(name: "id", type: "integer", isNotNull: true), Column(name: "body", type: "text")],
            primaryKey: ["id"]),
        TableSchema(
            name: orders,
            columns: [Column(name: "id", type: "integer", isNotNull: true), Column(name: "payload", type: "jsonb")],
            primaryKey: ["id"]),
    ])

    static let header = """
        version: 1
        keys: { store: keys, passphrase: env:VEIL_PASSPHRASE }
        tables:

        """

    static func plan(_ tables: String) throws -> MaskingPlan {
        let profile = try ProfileLoader.parse(header + tables, file: "test.yaml")
        return try PlanBuilder(profile: profile, schema: schema, defaultSchema: "public").build()
    }

    static func problems(_ tables: String) throws -> [PlanProblem] {
        let profile = try ProfileLoader.parse(header + tables, file: "test.yaml")
        do {
            _ = try PlanBuilder(profile: profile, schema: schema, defaultSchema: "public").build()
        } catch {
            return error.problems
        }
        Issue.record("planning succeeded")
        return []
    }

    static func columnPlan(_ plan: MaskingPlan, _ table: TableName, _ column: String) throws -> ColumnPlan {
        guard case .mask(let columns)? = plan.actions[table] else { throw VeilError(.internal, "not masked") }
        return try #require(columns.first { $0.column.name == column })
    }

    static func mask(_ plan: ColumnPlan, _ values: [Field]) throws -> [Field] {
        var column = values
        try plan.makeTransformer(keys: ring).transform(&column, related: [])
        return column
    }

    static let otherTables = """
          customers: { columns: { id: keep, email: fake.email, backup_email: null } }
          tickets: { columns: { id: keep, body: keep } }

        """

    @Test func jsonPathsArePlannedWithTheirOwnDomains() throws {
        let plan = try Self.plan(
            Self.otherTables + """
                  orders:
                    columns:
                      id: keep
                      payload:
                        rule: json
                        unmatched: fail
                        paths:
                          "$.email": { rule: fake.email, domain: public.customers.email }
                          "$.items[*].card": card
                          "$.note": scrub
                """)
        let payload = try Self.columnPlan(plan, Self.orders, "payload")
        #expect(payload.arguments["paths"] == nil)
        #expect(Set(payload.nested.keys) == ["$.email", "$.items[*].card", "$.note"])
        #expect(payload.nested["$.email"]?.domain == "public.customers.email")
        #expect(payload.nested["$.items[*].card"]?.domain == "public.orders.payload.$.items[*].card")
        #expect(
            payload.nested["$.note"]?.nested["email"]?.domain == "public.customers.email", "scrub inside json links too"
        )

        let document = #"{"email":"ann@mail.test","items":[{"card":"4111111111111111"}],"note":"mail ann@mail.test"}"#
        let masked = try #require(try Self.mask(payload, [document])[0])
        let email = try #require(
            try Self.mask(try Self.columnPlan(plan, Self.customers, "email"), ["ann@mail.test"])[0])
        #expect(masked.contains(#""email":"\#(email)""#), "the path's domain links it to customers.email")
        #expect(masked.contains(#""note":"mail \#(email)""#))
        #expect(!masked.contains("4111111111111111"))
    }

    @Test func nestedRuleProblemsAreReportedWithFileAndLine() throws {
        let problems = try Self.problems(
            Self.otherTables + """
                  orders:
                    columns:
                      id: keep
                      payload:
                        rule: json
                        paths:
                          "$.email": fake.emial
                          "$.card": { rule: card, keep_bin: maybe }
                          "$.inner": { rule: json }
                          "$.ok": { rule: hmac, lenght: 8 }
                """)
        let invalid = problems.filter { $0.kind == .invalidRule }
        // The header is 3 lines and otherTables 2: orders is on line 6, the four paths on lines 12...15.
        #expect(invalid.map { $0.location?.line ?? 0 }.sorted() == [12, 13, 14, 15])
        #expect(invalid.allSatisfy { $0.location?.file == "test.yaml" })
        #expect(
            invalid.contains { $0.message.contains("unknown rule `fake.emial`") && $0.message.contains("fake.email") })
        #expect(invalid.contains { $0.message.contains("cannot nest") })
        #expect(invalid.contains { $0.message.contains("lenght") && $0.message.contains("length") })
    }

    @Test func pathsOnARuleWithoutNestedRulesIsAnUnknownParameter() throws {
        let problems = try Self.problems(
            Self.otherTables + """
                  orders: { columns: { id: keep, payload: { rule: redact, paths: { "$.a": keep } } } }
                """)
        #expect(problems.contains { $0.kind == .invalidRule && $0.message.contains("no parameter `paths`") })
    }

    @Test func scrubLinksToTheSingleEmailColumnSoTicketsMaskLikeCustomers() throws {
        let plan = try Self.plan(
            """
              customers: { columns: { id: keep, email: fake.email, backup_email: null } }
              tickets: { columns: { id: keep, body: scrub } }
              orders: { columns: { id: keep, payload: null } }
            """)
        let body = try Self.columnPlan(plan, Self.tickets, "body")
        #expect(body.nested["email"]?.definition.name == "fake.email")
        #expect(body.nested["email"]?.domain == "public.customers.email")
        #expect(body.nested["card"]?.domain == "scrub.card", "no card column: the default rule under scrub.card")
        let emails: [Field] = ["ann@mail.test", "bob.smith@corp.example.org"]
        let masked = try Self.mask(try Self.columnPlan(plan, Self.customers, "email"), emails)
        let tickets = try Self.mask(body, ["From ann@mail.test: please email bob.smith@corp.example.org today."])
        #expect(tickets[0] == "From \(masked[0]!): please email \(masked[1]!) today.")
    }

    @Test func anExplicitLinkChoosesAmongSeveralEmailColumns() throws {
        let tables = """
              customers: { columns: { id: keep, email: fake.email, backup_email: { rule: fake.email, domain: backups } } }
              orders: { columns: { id: keep, payload: null } }

            """
        let automatic = try Self.plan(tables + "  tickets: { columns: { id: keep, body: scrub } }")
        #expect(
            try Self.columnPlan(automatic, Self.tickets, "body").nested["email"]?.domain == "scrub.email",
            "two email domains: no automatic link")
        let explicit = try Self.plan(
            tables + "  tickets: { columns: { id: keep, body: { rule: scrub, email: customers.backup_email } } }")
        #expect(try Self.columnPlan(explicit, Self.tickets, "body").nested["email"]?.domain == "backups")
    }

    @Test func anExplicitLinkToAnUnknownOrKeptColumnIsReportedAtItsLine() throws {
        let problems = try Self.problems(
            """
              customers: { columns: { id: keep, email: keep, backup_email: null } }
              orders: { columns: { id: keep, payload: null } }
              tickets:
                columns:
                  id: keep
                  body:
                    rule: scrub
                    email: public.customers.email
                    card: public.customers.nothing
            """)
        let invalid = problems.filter { $0.kind == .invalidRule }
        #expect(invalid.map { $0.location?.line ?? 0 }.sorted() == [11, 12])
        #expect(invalid.contains { $0.message.contains("uses rule `keep`") })
        #expect(invalid.contains { $0.message.contains("public.customers.nothing") })
    }
}
