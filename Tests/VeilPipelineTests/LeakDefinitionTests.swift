import Testing
import VeilCore
import VeilMasking
import VeilTestSupport

@testable import VeilPipeline

/// DESIGN "Leak, defined", case by case at the scanner and the run's observer: token boundaries for digits,
/// format spaces for replaced fields, `scrub` text judged beside its original, passed-through text searched.
@Suite("Leak definition")
struct LeakDefinitionTests {
    static let email = "anna.berg@mail.example"
    static let phone = "+1 555 123 4567"
    static let address = "10.1.37.9"
    static let digits = "5551234567"

    static func index() -> SourceValueIndex {
        let index = SourceValueIndex(capacity: 1000)
        index.add([email, phone, address, digits, "123-45-6789"])
        return index
    }

    static func found(_ field: String, space: OutputSpace? = nil) -> Set<String> {
        let index = index()
        let known = [email, phone, address, digits, "123-45-6789"]
        let names = Dictionary(uniqueKeysWithValues: known.map { (index.hasher.fingerprint($0), $0) })
        return Set(OutputFieldScanner(index: index).hits(in: field, space: space).compactMap { names[$0.fingerprint] })
    }

    @Test("digits count at token boundaries only: 210.1.37.99 does not contain 10.1.37.9")
    func tokenBoundaries() {
        #expect(Self.found("210.1.37.99").isEmpty)
        #expect(Self.found("10.1.37.99").isEmpty)
        #expect(Self.found("210.1.37.9").isEmpty)
        #expect(Self.found("seen from 10.1.37.9 twice") == [Self.address])
        #expect(Self.found("10.1.37.9") == [Self.address])
        #expect(Self.found("4111555123456701").isEmpty)
        #expect(Self.found("tel:5551234567;") == [Self.digits])
        // A letter next to a digit is a boundary: a number glued to a word is still found.
        #expect(Self.found("ph5551234567x") == [Self.digits])
    }

    @Test("a value's shape: email, digits, words or mixed, by its characters alone")
    func shapes() {
        #expect(ValueShape.of(Self.email) == .email)
        #expect(ValueShape.of(Self.phone) == .digits)
        #expect(ValueShape.of("123-45-6789") == .digits)
        #expect(ValueShape.of("2024-03-01 10:00:00") == .digits)
        #expect(ValueShape.of("samuel.hayes") == .words)
        #expect(ValueShape.of("Иван Иванов") == .words)
        #expect(ValueShape.of("O'Brien-Smith") == .words)
        #expect(ValueShape.of("12 Main Street") == .mixed)
        #expect(ValueShape.of("DE89370400440532013000") == .mixed)
        #expect(ValueShape.of("@handle") == .mixed)
        #expect(ValueShape.of("first_last@mail.example") == .email)
        #expect(ValueShape.of("write to \(Self.email)") == .mixed)
    }

    @Test("an original of another format space in a replaced field is found; one of the field's own space is not")
    func formatSpaces() {
        // A real email where a synthetic surname belongs: a leak whatever the rule.
        #expect(Self.found(Self.email, space: .words) == [Self.email])
        #expect(Self.found("Berg \(Self.email)", space: .words) == [Self.email])
        // Another row's phone number as a masked phone: one format space, a coincidence.
        #expect(Self.found(Self.phone, space: .digits).isEmpty)
        #expect(Self.found("+1 555 123 4567 ext 9", space: .digits).isEmpty)
        #expect(Self.found("call \(Self.email)", space: .digits) == [Self.email])
        // Format-preserving rules: the field's own shape is excused, an email inside a digit field is not.
        #expect(Self.found(Self.phone, space: .inputShape).isEmpty)
        #expect(Self.found("AB5551234567Q", space: .inputShape).isEmpty)
        #expect(Self.found("x\(Self.email)", space: .inputShape).isEmpty)
        #expect(Self.found("\(Self.phone) \(Self.email)", space: .inputShape) == [Self.email])
        #expect(Self.found("ref \(Self.phone) AB", space: .inputShape).isEmpty)
        // Kept text: every occurrence.
        #expect(Self.found("\(Self.phone) / \(Self.email)") == [Self.phone, Self.email])
    }

    static let table = TableName(schema: "public", name: "tickets")

    static func observer(_ rules: [String: String], types: [String: String] = [:]) throws -> RunLeakObserver {
        let plans = try rules.keys.sorted().map { name in
            ColumnPlan(
                column: Column(name: name, type: types[name] ?? "text"),
                definition: try #require(BuiltinRules.named(rules[name]!)),
                arguments: [:], domain: name, location: nil)
        }
        let scope = LeakScope(plan: MaskingPlan(actions: [table: .mask(plans)]))
        return RunLeakObserver(index: index(), scope: scope)
    }

    @Test("scrub: an original left in the text is a candidate; another row's SSN the rule wrote is a coincidence")
    func scrubBesideItsOriginal() throws {
        let observer = try Self.observer(["body": "scrub", "ssn": "ssn"])
        observer.observe(
            table: Self.table, column: "body",
            original: ["my SSN is 987-65-4320", "mail \(Self.email) please", nil],
            masked: ["my SSN is 123-45-6789", "mail \(Self.email) please", nil], firstRowNumber: 1)
        let places = Set(observer.candidates.contained.keys)
        #expect(places == [LeakPlace(table: Self.table, column: "body", row: 2)])
        // The batch scan leaves scrub columns to the column observer.
        observer.observe(
            output: RowBatch(table: Self.table, rows: [["my SSN is 123-45-6789", nil]], firstRowNumber: 1),
            columns: ["body", "ssn"])
        #expect(Set(observer.candidates.contained.keys) == places)
    }

    @Test("text passed through between tables is searched whole")
    func passthroughText() throws {
        let observer = try Self.observer(["ssn": "ssn"])
        observer.observe(passthrough: "CREATE TABLE public.t (x text);\n")
        #expect(observer.candidates.isEmpty)
        observer.observe(passthrough: "COMMENT ON TABLE public.t IS 'ask \(Self.email)';\n")
        #expect(Set(observer.candidates.contained.keys) == [LeakPlace.passthrough(2)])
        #expect(observer.capturedCandidates?[LeakPlace.passthrough(2)]?.hits.count == 1)
    }

    @Test("an array or document that keeps one original element or string leaf in its place is a same-row leak")
    func partsComparedInPlace() throws {
        let observer = try Self.observer(
            ["emails": "email", "profile": "hmac"], types: ["emails": "text[]", "profile": "jsonb"])
        observer.observe(
            table: Self.table, column: "emails",
            original: ["{anna.berg@mail.example,bo@x.io}", "{carl.holm@mail.example}"],
            masked: ["{q0fx.k8w2%z1pv.k7@example.org,anna.berg@mail.example}", "{carl.holm@mail.example,x}"],
            firstRowNumber: 1)
        // Row 1 moved its original to another position (the value scan's business), row 2 kept it in place.
        #expect(observer.sameRowLeaks[Self.table]?["emails"] == 1)
        observer.observe(
            table: Self.table, column: "profile",
            original: [#"{"name": "Anna Katarina Berg", "tier": 2}"#, #"{"name": "Bo Lind"}"#],
            masked: [#"{"name": "Anna Katarina Berg", "tier": 2}"#, #"{"name": "5c1e0a9b"}"#], firstRowNumber: 1)
        #expect(observer.sameRowLeaks[Self.table]?["profile"] == 1)
    }

    @Test("a rule's outputs written as bytes count as the same Strings would: same-row leaks and kept parts")
    func sameRowFromBytes() throws {
        let originals: [Field] = [
            "anna.berg@mail.example", "Zoë Åberg", nil, "", "carl.holm@mail.example", "bo@x.io", "long original",
        ]
        let outputs: [Field] = [
            "anna.berg@mail.example", "Zoë Åberg", nil, "", "q0fx@example.org", nil, "long original!",
        ]
        let arrays: [Field] = ["{anna.berg@mail.example,bo@x.io}", "{carl.holm@mail.example}", nil]
        let maskedArrays: [Field] = ["{x@example.org,anna.berg@mail.example}", "{carl.holm@mail.example,x}", ""]
        var counts: [[String: Int]?] = []
        for asBytes in [false, true] {
            let observer = try Self.observer(["email": "email", "emails": "email"], types: ["emails": "text[]"])
            for (column, original, masked) in [("email", originals, outputs), ("emails", arrays, maskedArrays)] {
                observer.observe(
                    table: Self.table, column: column, original: original,
                    masked: asBytes ? .bytes(ByteColumn(masked)) : .fields(masked), firstRowNumber: 1)
            }
            counts.append(observer.sameRowLeaks[Self.table])
        }
        // Two emails kept whole in their rows, one array that kept an element in its place.
        #expect(counts[0] == ["email": 2, "emails": 1])
        #expect(counts[1] == counts[0])
    }

    @Test("the values of an array or JSON column are watched element by element and leaf by leaf")
    func partsWatched() throws {
        let plans = [
            ColumnPlan(
                column: Column(name: "emails", type: "text[]"), definition: try #require(BuiltinRules.named("email")),
                arguments: [:], domain: "emails", location: nil),
            ColumnPlan(
                column: Column(name: "profile", type: "jsonb"), definition: try #require(BuiltinRules.named("hmac")),
                arguments: [:], domain: "profile", location: nil),
        ]
        let scope = LeakScope(plan: MaskingPlan(actions: [Self.table: .mask(plans)]))
        let table = TableSchema(name: Self.table, columns: plans.map(\.column))
        let watched = WatchedValues(scope: scope, schema: DatabaseSchema(tables: [table]))
        let source = MemoryRowSource(
            table: table,
            rows: [[#"{anna.berg@mail.example,"carl holm@mail.example"}"#, #"{"a": ["Katarina Berg"]}"#]])
        var seen: [String] = []
        try watched.read(source) { seen.append(String(decoding: $0, as: UTF8.self)) }
        #expect(Set(seen).isSuperset(of: ["anna.berg@mail.example", "carl holm@mail.example", "Katarina Berg"]))
    }
}
