import Testing

@testable import VeilMasking

@Suite("JSON values and paths")
struct JSONValueTests {
    /// A random document of bounded depth: objects with repeated keys allowed, every value type, strings with
    /// escapes and non-ASCII text, numbers in every JSON form.
    static func document(_ random: inout SeededRandom, depth: Int = 0) -> JSONValue {
        let kind = depth >= 4 ? 2 + random.next(below: 4) : random.next(below: 6)
        switch kind {
        case 0:
            let keys = ["a", "name", "é", "a", "with \"quote\"", "items", ""]
            return .object(
                (0..<random.next(below: 5)).map { _ in
                    (random.pick(keys), document(&random, depth: depth + 1))
                })
        case 1:
            return .array((0..<random.next(below: 5)).map { _ in document(&random, depth: depth + 1) })
        case 2:
            let pieces = ["plain", "tab\there", "line\nbreak", "back\\slash", "quote\"", "ü", "😀", "\u{1}", "/"]
            return .string((0..<random.next(below: 4)).map { _ in random.pick(pieces) }.joined())
        case 3:
            return .number(random.pick(["0", "-0", "1.50", "1e3", "-2.5E-7", "123456789012345678901234567890", "42"]))
        case 4:
            return .bool(random.chance(1, in: 2))
        default:
            return .null
        }
    }

    @Test func serializedDocumentsParseBackToTheSameValue() throws {
        var random = Fixtures.random(81)
        for _ in 0..<2000 {
            let value = Self.document(&random)
            let text = value.serialized
            #expect(try JSONValue.parse(text) == value)
            #expect(try JSONValue.parse(text).serialized == text)
        }
    }

    @Test(
        "parses what is written, keeping key order, duplicates and number text",
        arguments: [
            (#" { "b" : 1.50 , "a" : [ true , null , -0 ] , "b" : "x" } "#, #"{"b":1.50,"a":[true,null,-0],"b":"x"}"#),
            (#""\u00e9\ud83d\ude00\n\/\"""#, "\"é😀\\n/\\\"\""),
            ("1e-7", "1e-7"),
            (#"{"nested":{"deeper":[[],{}]}}"#, #"{"nested":{"deeper":[[],{}]}}"#),
        ])
    func parsesAsWritten(text: String, serialized: String) throws {
        #expect(try JSONValue.parse(text).serialized == serialized)
    }

    @Test(
        "refuses what is not JSON",
        arguments: [
            "", "{", "[1,]", "01", "1.", "+1", "\"\\x\"", "\"\\ud800\"", "\"a\u{1}\"", "{} x", "{a:1}", "tru",
            "[\"unterminated", String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ])
    func refusesInvalidDocuments(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test(
        "paths parse and match the nodes they name",
        arguments: [
            ("$.a.b", "$.a.b", true), ("$.a.b", "$.a.b.c", true), ("$.a.b", "$.a", false),
            ("$.items[*].c", "$.items[3].c", true), ("$.items[1].c", "$.items[3].c", false),
            ("$.*", "$.x", true), ("$..email", "$.a[2].b.email", true), ("$..email", "$.email", true),
            ("$['a key'].x", "$['a key'].x", true), ("$", "$.anything[0]", true), ("$.a.*.c", "$.a.c", false),
        ])
    func pathsMatch(pattern: String, location: String, matches: Bool) throws {
        let path = try #require(JSONPath(pattern))
        let concrete = try #require(JSONPath(location))
        let components: [JSONPath.Component] = concrete.steps.map { step in
            switch step {
            case .key(let key): .key(key)
            case .index(let index): .index(index)
            default: .key("?")
            }
        }
        #expect((path.matchedPrefix(of: components) != nil) == matches)
    }

    @Test(arguments: ["a.b", "$.", "$..", "$[", "$[x]", "$.a[", "$.a..", "$.a b"])
    func invalidPathsAreRefused(pattern: String) {
        #expect(JSONPath(pattern) == nil)
    }
}
