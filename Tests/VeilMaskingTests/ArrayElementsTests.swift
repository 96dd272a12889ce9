import Testing
import VeilCore

@testable import VeilMasking

/// Rules on array columns, element by element: the literal's shape, NULL elements and quoting survive; each element
/// masks as the same value in a plain column; something that is not an array literal is refused by row.
@Suite("array columns, element by element")
struct ArrayElementsTests {
    @Test(
        "array literals parse and write back byte for byte",
        arguments: [
            "{}", "{a}", "{a,b}", "{\"b c\",NULL,\"\"}", "{{a,b},{c,d}}", "{\"x\\\"y\",\"back\\\\slash\"}",
            "[0:1]={a,b}", "{\"NULL\",null}", "{\"a,b\",\"{}\"}",
        ])
    func roundTrip(literal: String) throws {
        let parsed = try #require(ArrayLiteral(literal))
        #expect(parsed.text(with: parsed.elements) == literal.replacingOccurrences(of: "null}", with: "NULL}"))
    }

    @Test("elements decode: quotes, escapes, NULL in any case, nesting")
    func elements() throws {
        #expect(ArrayLiteral("{\"b c\",NULL,\"\",null}")?.elements == ["b c", nil, "", nil])
        #expect(ArrayLiteral("{{a,\"x\\\"y\"},{c,d}}")?.elements == ["a", "x\"y", "c", "d"])
        #expect(ArrayLiteral("{ spaced , x }")?.elements == ["spaced", "x"])
    }

    @Test("not an array literal: nil", arguments: ["", "a,b", "{a", "{a}}", "{\"a}", "{a}x", "{a,}", "{,a}"])
    func refused(text: String) {
        #expect(ArrayLiteral(text) == nil)
    }

    @Test("email on text[]: every element as in a text column, shape and NULLs kept, deterministic")
    func emailElements() throws {
        let emails = ["ann@example.com", "bob.stone@mail.example.org", "cho+tag@corp.example"]
        let plain = try Fixtures.strings("email", emails)
        let definition = try #require(BuiltinRules.named("email"))
        let transformer = ArrayElementsTransformer(
            element: try definition.make(Fixtures.context("email", type: "text")))
        var values: [Field] = [
            "{\(emails[0]),\(emails[1])}", nil, "{}", "{NULL,\(emails[2])}",
            "{{\(emails[0])},{\(emails[2])}}",
        ]
        try transformer.transform(&values, related: [])
        #expect(values[0] == "{\(ArrayLiteral.quoted(plain[0])),\(ArrayLiteral.quoted(plain[1]))}")
        #expect(values[1] == nil)
        #expect(values[2] == "{}")
        #expect(values[3] == "{NULL,\(ArrayLiteral.quoted(plain[2]))}")
        #expect(values[4] == "{{\(ArrayLiteral.quoted(plain[0]))},{\(ArrayLiteral.quoted(plain[2]))}}")
    }

    @Test("a field that is not an array literal fails naming its row, never the value")
    func badField() throws {
        let definition = try #require(BuiltinRules.named("fake.email"))
        let transformer = ArrayElementsTransformer(element: try definition.make(Fixtures.context("fake.email")))
        var values: [Field] = ["{a@b.example}", "secret@value.example"]
        #expect {
            try transformer.transform(&values, related: [])
        } throws: { error in
            guard let error = error as? MaskingError else { return false }
            return error.rowIndex == 1 && !error.reason.contains("secret")
        }
    }

    @Test(
        "element types",
        arguments: [
            ("text[]", "text"), ("character varying(20)[][]", "character varying(20)"), ("text", nil),
            ("public.mood[]", "public.mood"),
        ])
    func elementType(type: String, element: String?) {
        #expect(ArrayElementsTransformer.elementType(of: type) == element)
    }
}
