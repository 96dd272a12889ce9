import Testing
import VeilCore
import VeilProfile

/// `csv:` in a profile: the delimiter and quote of a CSV source.
@Suite("csv: delimiter and quote")
struct CSVDialectProfileTests {
    static let header = """
        version: 1
        keys: { store: .veil/keys, passphrase: env:VEIL_PASSPHRASE }

        """

    @Test("absent: RFC 4180; a semicolon, a tab (written \"\\t\" or `tab`) and another quote are read")
    func accepted() throws {
        #expect(try ProfileLoader.parse(Self.header, file: "p.yaml").csv == .standard)
        let semicolon = try ProfileLoader.parse(Self.header + "csv: { delimiter: \";\" }", file: "p.yaml")
        #expect(semicolon.csv == CSVDialect(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "\"")))
        for tab in ["\"\\t\"", "tab"] {
            let parsed = try ProfileLoader.parse(
                Self.header + "csv: { delimiter: \(tab), quote: \"'\" }", file: "p.yaml")
            #expect(parsed.csv == CSVDialect(delimiter: 0x09, quote: UInt8(ascii: "'")))
        }
    }

    @Test(
        "refused with its line: two characters, a letter, the same byte twice, an unknown key",
        arguments: [
            ("csv: { delimiter: \";;\" }", "must be one character"),
            ("csv: { delimiter: x }", "ASCII punctuation"),
            ("csv: { delimiter: \"'\", quote: \"'\" }", "must differ"),
            ("csv: { separator: \";\" }", "separator"),
        ])
    func refused(line: String, message: String) {
        let found = problems(in: Self.header + line)
        #expect(found.contains { $0.message.contains(message) && $0.location.line == 3 }, "\(found)")
    }
}
