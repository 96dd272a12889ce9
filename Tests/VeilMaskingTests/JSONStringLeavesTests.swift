import Testing
import VeilCore

@testable import VeilMasking

/// `scrub` inside JSON documents: string leaves are scrubbed as text, everything else of the document stays.
@Suite("scrub on json leaves")
struct JSONStringLeavesTests {
    static func scrubber() throws -> JSONStringLeavesTransformer {
        let definition = try #require(BuiltinRules.named("scrub"))
        return JSONStringLeavesTransformer(leaves: try definition.make(Fixtures.context("scrub")))
    }

    @Test("emails in nested strings are masked as scrub masks them in text; keys, numbers, booleans, nulls kept")
    func nested() throws {
        let text = "write to ann.lee@example.com today"
        let plain = try Fixtures.strings("scrub", [text])[0]
        #expect(plain != text)
        var values: [Field] = [
            #"{"ann.lee@example.com":{"note":"write to ann.lee@example.com today","n":1.50,"ok":true,"x":null},"#
                + #""list":["write to ann.lee@example.com today",2]}"#,
            nil, "[]",
        ]
        try Self.scrubber().transform(&values, related: [])
        let document = try JSONValue.parse(try #require(values[0]))
        let expected = try JSONValue.parse(
            #"{"ann.lee@example.com":{"note":"\#(plain)","n":1.50,"ok":true,"x":null},"list":["\#(plain)",2]}"#)
        #expect(document == expected)
        #expect(values[1] == nil)
        #expect(values[2] == "[]")
    }

    @Test("a field that is not JSON fails naming its row, never the value")
    func invalid() throws {
        var values: [Field] = ["{}", "{\"a\": secret-value"]
        #expect {
            try Self.scrubber().transform(&values, related: [])
        } throws: { error in
            guard let error = error as? MaskingError else { return false }
            return error.rowIndex == 1 && !error.reason.contains("secret")
        }
    }
}
