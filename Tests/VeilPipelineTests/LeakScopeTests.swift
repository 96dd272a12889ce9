import Testing
import VeilCore
import VeilMasking

@testable import VeilPipeline

/// How each rule's `LeakRole` decides what the leak check compares and searches.
@Suite("Leak scope")
struct LeakScopeTests {
    static let table = TableName(schema: "public", name: "people")

    static func scope(_ rules: [String: String]) throws -> LeakScope {
        let definitions = Dictionary(uniqueKeysWithValues: BuiltinRules.all.map { ($0.name, $0) })
        let plans = try rules.keys.sorted().map { name in
            let definition = try #require(definitions[rules[name]!])
            return ColumnPlan(
                column: Column(name: name, type: "text"), definition: definition, arguments: [:], domain: name,
                location: nil)
        }
        return LeakScope(plan: MaskingPlan(actions: [table: .mask(plans)]))
    }

    @Test("secrets are watched and searched strictly inside; synthetic ones only in their own row")
    func secrets() throws {
        let scope = try Self.scope(["ssn": "ssn", "email": "fake.email", "code": "hmac", "note": "null"])
        let columns = try #require(scope.columns(of: Self.table))
        #expect(columns.watched == ["ssn", "email", "code", "note"])
        #expect(columns.masked == ["ssn", "email", "code", "note"])
        #expect(scope.search(table: Self.table, column: "ssn") == .strictlyInside)
        #expect(scope.search(table: Self.table, column: "note") == .strictlyInside)
        #expect(scope.search(table: Self.table, column: "email") == .none)
    }

    @Test("vocabulary and perturbed columns are compared in their own row only; generalize not at all")
    func vocabulary() throws {
        let scope = try Self.scope([
            "first": "fake.first_name", "city": "fake.city", "born": "shift_date", "paid": "noise",
            "month": "generalize",
        ])
        let columns = try #require(scope.columns(of: Self.table))
        #expect(columns.watched.isEmpty)
        #expect(columns.masked == ["first", "city", "born", "paid"])
        for column in ["first", "city", "born", "paid", "month"] {
            #expect(scope.search(table: Self.table, column: column) == .none)
        }
    }

    @Test("scrub and json pass text through: searched like kept columns, not watched themselves")
    func passThrough() throws {
        let scope = try Self.scope(["body": "scrub", "doc": "json", "email": "email"])
        let columns = try #require(scope.columns(of: Self.table))
        #expect(columns.watched == ["email"])
        #expect(scope.search(table: Self.table, column: "body") == .everyOccurrence)
        #expect(scope.search(table: Self.table, column: "doc") == .everyOccurrence)
        #expect(scope.search(table: Self.table, column: "kept_column") == .everyOccurrence)
        #expect(scope.search(table: TableName(schema: "public", name: "other"), column: "any") == .everyOccurrence)
    }
}
