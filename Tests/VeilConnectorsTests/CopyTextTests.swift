import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// Unit tests of the COPY text codec.
@Suite("CopyText")
struct CopyTextTests {
    @Test(
        "decodes escapes as the server does",
        arguments: [
            ("plain", "plain"),
            ("a\\\\b", "a\\b"),
            ("tab\\there", "tab\there"),
            ("line\\nbreak", "line\nbreak"),
            ("cr\\r", "cr\r"),
            ("\\b\\f\\v", "\u{8}\u{C}\u{B}"),
            ("\\101\\60x", "A0x"),
            ("\\x41\\x4a\\x7", "AJ\u{7}"),
            ("\\xzz", "xzz"),
            ("\\.", "."),
            ("\\N!", "N!"),
            ("caf\\303\\251", "café"),
            ("emoji 😀", "emoji 😀"),
        ])
    func decodes(raw: String, value: String) {
        #expect(CopyText.decode(Substring(raw)) == value)
    }

    @Test("NULL is exactly \\N; an escaped backslash before N is text")
    func nullMarker() {
        #expect(CopyText.decodeField("\\N") == nil)
        #expect(CopyText.decodeField("\\\\N") == "\\N")
        #expect(CopyText.decodeField("") == "")
        #expect(CopyText.encodeField(nil) == "\\N")
        #expect(CopyText.encodeField("\\N") == "\\\\N")
    }

    @Test("encodes only what pg_dump escapes")
    func encodes() {
        #expect(CopyText.encode("a\tb\nc\\d\re\u{8}\u{C}\u{B}") == "a\\tb\\nc\\\\d\\re\\b\\f\\v")
        #expect(CopyText.encode("O'Reilly \"q\" ünï 😀 \u{1}") == "O'Reilly \"q\" ünï 😀 \u{1}")
    }

    @Test("rows split at tabs, but not at an escaped tab")
    func rows() {
        #expect(CopyText.decodeRow("1\t\\N\tx\\ty") == ["1", nil, "x\ty"])
        #expect(CopyText.decodeRow("a\\\tb\tc") == ["a\tb", "c"])
        #expect(CopyText.decodeRow("a\\\\\tb") == ["a\\", "b"])
        #expect(CopyText.decodeRow("") == [""])
        #expect(CopyText.encodeRow(["1", nil, "x\ty", ""]) == "1\t\\N\tx\\ty\t")
    }

    @Test("decode(encode(s)) == s over random strings with tabs, newlines, backslashes and Unicode")
    func roundTripProperty() {
        let alphabet: [Character] = [
            "a", "Z", "0", " ", "\t", "\n", "\r", "\\", "N", ".", "'", "\"", "\u{8}", "\u{C}", "\u{B}", "\u{1}",
            "é", "ı", "ß", "漢", "😀", "👍🏽", "\u{301}", "x", "7",
        ]
        var random = SeededGenerator(seed: 0x5EED)
        for _ in 0..<3000 {
            let length = Int.random(in: 0...40, using: &random)
            let value = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            let encoded = CopyText.encode(value)
            #expect(CopyText.decode(Substring(encoded)) == value)
            #expect(!encoded.contains("\t") && !encoded.contains("\n") && !encoded.contains("\r"))
            let row: Row = [value, nil, value.isEmpty ? nil : String(value.reversed()), "\\N"]
            #expect(CopyText.decodeRow(Substring(CopyText.encodeRow(row))) == row)
        }
    }
}
