import VeilCore
import Yams

extension ProfileDecoder {
    static let csvKeys = ["delimiter", "quote"]

    /// `csv: { delimiter: ";", quote: "'" }`: how a CSV source separates and quotes its fields. Each is one
    /// character; a tab is written `"\t"` (or `tab`).
    mutating func decodeCSVDialect(_ node: Node) -> CSVDialect {
        var dialect = CSVDialect.standard
        if isNull(node) { return dialect }
        guard let mapping = mapping(node, path: "csv", expected: "a map of delimiter and quote") else { return dialect }
        for entry in entries(of: mapping, path: "csv") {
            switch entry.key {
            case "delimiter", "quote":
                guard let text = text(entry.value, path: "csv.\(entry.key)") else { continue }
                let bytes = Array((text == "tab" ? "\t" : text).utf8)
                guard bytes.count == 1 else {
                    report("csv.\(entry.key): must be one character (a tab is \"\\t\")", at: entry.value)
                    continue
                }
                if entry.key == "delimiter" { dialect.delimiter = bytes[0] } else { dialect.quote = bytes[0] }
            default: reportUnknownKey(entry, path: "csv", known: Self.csvKeys)
            }
        }
        if let problem = CSVDialect.problem(delimiter: dialect.delimiter, quote: dialect.quote) {
            report("csv: \(problem)", at: node)
        }
        return dialect
    }
}
