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

    @Test("secrets are watched; every replaced field is searched within its rule's output space")
    func secrets() throws {
        let scope = try Self.scope(["ssn": "ssn", "email": "fake.email", "code": "hmac", "note": "null"])
        let columns = try #require(scope.columns(of: Self.table))
        #expect(columns.watched == ["ssn", "email", "code", "note"])
        #expect(columns.masked == ["ssn", "email", "code", "note"])
        #expect(scope.search(table: Self.table, column: "ssn") == .replaced(.digits))
        #expect(scope.search(table: Self.table, column: "note") == .replaced(.inputShape))
        #expect(scope.search(table: Self.table, column: "email") == .replaced(.shapes([.email, .words, .mixed])))
        #expect(scope.search(table: Self.table, column: "code") == .replaced(.shapes([.digits, .mixed, .words])))
    }

    @Test("vocabulary and perturbed columns are compared in their own row, and searched for other spaces' originals")
    func vocabulary() throws {
        let scope = try Self.scope([
            "first": "fake.first_name", "city": "fake.city", "born": "shift_date", "paid": "noise",
            "month": "generalize",
        ])
        let columns = try #require(scope.columns(of: Self.table))
        #expect(columns.watched.isEmpty)
        #expect(columns.masked == ["first", "city", "born", "paid"])
        #expect(scope.search(table: Self.table, column: "first") == .replaced(.words))
        #expect(scope.search(table: Self.table, column: "city") == .replaced(.words))
        #expect(scope.search(table: Self.table, column: "born") == .replaced(.digits))
        #expect(scope.search(table: Self.table, column: "paid") == .replaced(.digits))
        #expect(scope.search(table: Self.table, column: "month") == .replaced(.shapes([.digits, .mixed])))
    }

    @Test("scrub and json pass text through, not watched themselves; kept columns are searched everywhere")
    func passThrough() throws {
        let scope = try Self.scope(["body": "scrub", "doc": "json", "email": "email"])
        let columns = try #require(scope.columns(of: Self.table))
        #expect(columns.watched == ["email"])
        #expect(scope.search(table: Self.table, column: "body") == .passesThrough)
        #expect(scope.search(table: Self.table, column: "doc") == .passesThrough)
        #expect(scope.search(table: Self.table, column: "kept_column") == .everyOccurrence)
        #expect(scope.search(table: TableName(schema: "public", name: "other"), column: "any") == .everyOccurrence)
    }

    @Test("two schemas' tables of one name are two scopes, the same in every build of the scope")
    func schemasApart() throws {
        let definitions = Dictionary(uniqueKeysWithValues: BuiltinRules.all.map { ($0.name, $0) })
        let other = TableName(schema: "other", name: "people")
        let emailPlan = ColumnPlan(
            column: Column(name: "email", type: "text"), definition: try #require(definitions["email"]),
            arguments: [:], domain: "email", location: nil)
        let phonePlan = ColumnPlan(
            column: Column(name: "phone", type: "text"), definition: try #require(definitions["phone"]),
            arguments: [:], domain: "phone", location: nil)
        for _ in 0..<20 {
            let scope = LeakScope(
                plan: MaskingPlan(actions: [Self.table: .mask([emailPlan]), other: .mask([phonePlan])]))
            #expect(scope.columns(of: Self.table)?.watched == ["email"])
            #expect(scope.columns(of: other)?.watched == ["phone"])
            #expect(scope.search(table: other, column: "email") == .everyOccurrence)
        }
    }
}
