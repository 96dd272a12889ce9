import Foundation

/// SQL text helpers for the SQLite connectors.
enum SQLiteSyntax {
    /// `name` as a double-quoted SQLite identifier (inner quotes doubled).
    static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A comma-separated list of quoted identifiers.
    static func quoteList(_ names: [String]) -> String {
        names.map(quote).joined(separator: ", ")
    }

    /// The lower-cased words of `sql`: runs of letters, digits, `_` and non-ASCII characters, quotes dropped (a
    /// quoted name with spaces or punctuation is not one word; good enough to tell which columns an index
    /// expression mentions).
    static func words(in sql: String) -> Set<String> {
        let parts = sql.lowercased().split { character in
            !(character.isLetter || character.isNumber || character == "_" || !character.isASCII)
        }
        return Set(parts.map(String.init))
    }
}
