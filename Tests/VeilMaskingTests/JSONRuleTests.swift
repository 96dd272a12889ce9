import Testing
import VeilCore

@testable import VeilMasking

@Suite("json")
struct JSONRuleTests {
    /// A `json` transformer whose paths use the given rules (by name, default arguments).
    static func transformer(
        _ paths: [String: String], _ arguments: [String: ParameterValue] = [:], type: String = "jsonb"
    ) throws -> any Transformer {
        var nested: [String: any Transformer] = [:]
        for (path, rule) in paths {
            nested[path] = try Fixtures.transformer(rule, domain: "public.orders.payload.\(path)")
        }
        let context = Fixtures.context("json", arguments, type: type)
        return try JSONTransformer(
            RuleContext(
                arguments: context.arguments, domain: context.domain, keys: context.keys, column: context.column,
                nested: nested))
    }

    static func apply(_ transformer: any Transformer, _ values: [Field]) throws -> [Field] {
        var column = values
        try transformer.transform(&column, related: [])
        return column
    }

    /// The keys, types and array lengths of a document, without the leaves' values.
    static func shape(_ value: JSONValue) -> String {
        switch value {
        case .object(let members): "{" + members.map { "\($0.key):\(shape($0.value))" }.joined(separator: ",") + "}"
        case .array(let elements): "[" + elements.map(shape).joined(separator: ",") + "]"
        case .string: "s"
        case .number: "n"
        case .bool(let flag): "\(flag)"
        case .null: "null"
        }
    }

    /// A generated order document: strings under `name`, `email`, `note`; numbers under `amount`, `age`.
    static func order(_ random: inout SeededRandom, depth: Int = 0) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        for _ in 0..<(1 + random.next(below: 5)) {
            switch random.next(below: depth >= 3 ? 6 : 8) {
            case 0: members.append(("name", .string(random.pick(WordLists.firstNames))))
            case 1: members.append(("email", .string("user\(random.next(below: 100_000))@mail.test")))
            case 2: members.append(("note", .string("note \(random.next(below: 1000))")))
            case 3:
                members.append(
                    ("amount", .number("\(100 + random.next(below: 100_000)).\(random.next(below: 90) + 10)")))
            case 4: members.append(("age", .number(String(20 + random.next(below: 70)))))
            case 5: members.append(("flag", random.chance(1, in: 2) ? .bool(true) : .null))
            case 6:
                members.append(
                    ("items", .array((0..<random.next(below: 4)).map { _ in order(&random, depth: depth + 1) })))
            default: members.append(("address", order(&random, depth: depth + 1)))
            }
        }
        return .object(members)
    }

    @Test func documentsKeepTheirStructureAndEveryCoveredLeafChanges() throws {
        let transformer = try Self.transformer(
            [
                "$..name": "fake.first_name", "$..email": "fake.email", "$..note": "hmac", "$..amount": "noise",
                "$..age": "noise",
            ], ["unmatched": .string("fail")])
        var random = Fixtures.random(91)
        let documents = (0..<500).map { _ in Self.order(&random) }
        let outputs = try Self.apply(transformer, documents.map { $0.serialized })
        for (document, output) in zip(documents, outputs) {
            let masked = try JSONValue.parse(try #require(output))
            #expect(Self.shape(masked) == Self.shape(document), "same keys in the same order, same types and lengths")
            var before: [JSONValue] = []
            var after: [JSONValue] = []
            var location: [JSONPath.Component] = []
            JSONTransformer.visitLeaves(document, location: &location) { leaf, _ in before.append(leaf) }
            JSONTransformer.visitLeaves(masked, location: &location) { leaf, _ in after.append(leaf) }
            for (old, new) in zip(before, after) where old.isNumber == false {
                #expect(old != new, "every string leaf is masked")
            }
        }
        // Batching does not change results.
        let oneByOne = try documents.prefix(30).map { try Self.apply(transformer, [$0.serialized])[0] }
        #expect(Array(outputs.prefix(30)) == oneByOne)
    }

    @Test func theMostSpecificPathWinsAndOtherTypesStay() throws {
        let transformer = try Self.transformer([
            "$.customer": "redact", "$.customer.email": "fake.email", "$.n": "redact",
        ])
        let input = #"{"customer":{"name":"Ann","email":"ann@mail.test","vip":true,"tags":[null,"x"]},"n":7,"id":"A1"}"#
        let output = try #require(try Self.apply(transformer, [input])[0])
        let masked = try JSONValue.parse(output)
        guard case .object(let members) = masked, case .object(let customer) = members[0].value else {
            Issue.record("not an object")
            return
        }
        #expect(customer[0].value == .string("REDACTED"))
        #expect(customer[1].value != .string("ann@mail.test"))
        #expect(customer[1].value != .string("REDACTED"))
        #expect(customer[2].value == .bool(true))
        #expect(customer[3].value == .array([.null, .string("REDACTED")]))
        #expect(members[1].value == .string("REDACTED"), "a text rule on a number leaf writes a string")
        #expect(members[2].value == .string("A1"), "unmatched: keep")
    }

    @Test func numberLeavesStayNumbersUnderNumericRulesAndNullRulesWriteNull() throws {
        let transformer = try Self.transformer(["$.amount": "noise", "$.secret": "null"])
        let output = try #require(try Self.apply(transformer, [#"{"amount":1234.50,"secret":"s3cr3t"}"#])[0])
        let masked = try JSONValue.parse(output)
        guard case .object(let members) = masked, case .number(let amount) = members[0].value else {
            Issue.record("amount is not a number")
            return
        }
        #expect(amount != "1234.50" && amount.split(separator: ".").last?.count == 2)
        #expect(members[1].value == .null)
    }

    @Test func unchangedDocumentsAreWrittenBackExactly() throws {
        let transformer = try Self.transformer(["$.email": "fake.email"])
        let input = "{ \"id\" : 1,\n  \"flags\": [true, false] }"
        #expect(try Self.apply(transformer, [input, nil, ""]) == [input, nil, ""])
    }

    @Test func unmatchedFailNamesTheRowAndPathButNotTheValue() throws {
        let transformer = try Self.transformer(["$.email": "fake.email"], ["unmatched": .string("fail")])
        let documents: [Field] = [
            #"{"email":"a@b.test","ok":true}"#, #"{"email":"c@d.test","items":[{"ssn":"078-05-1120"}]}"#,
        ]
        do {
            _ = try Self.apply(transformer, documents)
            Issue.record("an uncovered leaf passed")
        } catch let error as MaskingError {
            #expect(error.rowIndex == 1)
            #expect(error.reason.contains("$.items[0].ssn"))
            #expect(!reveals(error, "078-05-1120"))
        }
    }

    @Test(arguments: [#"{"email": "x@y.test""#, "not json at all: 078-05-1120", "[1,2,]"])
    func invalidJSONIsAnErrorNamingTheRow(document: String) throws {
        let transformer = try Self.transformer(["$.email": "fake.email"])
        do {
            _ = try Self.apply(transformer, [#"{"email":"a@b.test"}"#, document])
            Issue.record("invalid JSON passed")
        } catch let error as MaskingError {
            #expect(error.rowIndex == 1)
            #expect(error.reason.hasPrefix("not valid JSON"))
            #expect(!reveals(error, "x@y.test") && !reveals(error, "078-05-1120"))
        }
    }

    @Test func refusesInvalidPathsNumericColumnsAndRulesReadingOtherColumns() throws {
        #expect(throws: RuleConfigurationError.self) { try Self.transformer(["a.b": "redact"]) }
        #expect(throws: RuleConfigurationError.self) { try Self.transformer(["$.a": "redact"], type: "integer") }
        let shift = try Fixtures.transformer("shift_date", ["by": .string("customer_id")])
        let context = Fixtures.context("json")
        #expect(throws: RuleConfigurationError.self) {
            try JSONTransformer(
                RuleContext(
                    arguments: context.arguments, domain: context.domain, keys: context.keys,
                    column: context.column, nested: ["$.date": shift]))
        }
    }
}
