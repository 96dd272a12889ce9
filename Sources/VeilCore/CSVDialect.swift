/// How a CSV source separates and quotes its fields: RFC 4180 (`,` and `"`) unless the profile's `csv:` says
/// otherwise (`csv: { delimiter: ";" }` for the semicolon files spreadsheets write in much of Europe).
public struct CSVDialect: Hashable, Sendable {
    /// The byte between fields.
    public var delimiter: UInt8
    /// The byte that opens and closes a quoted field (doubled inside it for itself).
    public var quote: UInt8

    /// `,` and `"`.
    public static let standard = CSVDialect(delimiter: UInt8(ascii: ","), quote: UInt8(ascii: "\""))

    public init(delimiter: UInt8, quote: UInt8) {
        self.delimiter = delimiter
        self.quote = quote
    }

    /// Delimiters a file written with another one likely uses, for the hint when a header reads as one column.
    public static let likelyDelimiters: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]

    /// Why a byte cannot serve as a delimiter or quote, or nil when it can: printable ASCII other than a letter,
    /// digit or space, or a tab; the two must differ.
    public static func problem(delimiter: UInt8, quote: UInt8) -> String? {
        for (name, byte) in [("delimiter", delimiter), ("quote", quote)] {
            let printable = byte > 0x20 && byte < 0x7F
            let alphanumeric =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            guard (printable && !alphanumeric) || (byte == 0x09 && name == "delimiter") else {
                return "the \(name) must be one ASCII punctuation character (or a tab for the delimiter)"
            }
        }
        return delimiter == quote ? "the delimiter and the quote must differ" : nil
    }

    /// The byte as a YAML double-quoted scalar, as a profile writes it: `";"`, `"\t"`, `"\""`.
    public static func spelled(_ byte: UInt8) -> String {
        switch byte {
        case 0x09: return "\"\\t\""
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): return "\"\\\(Character(Unicode.Scalar(byte)))\""
        default: return "\"\(Character(Unicode.Scalar(byte)))\""
        }
    }
}
