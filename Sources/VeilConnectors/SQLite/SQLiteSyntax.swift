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
}
