import Foundation

/// Reads the rules out of a skeleton `veil scan` wrote (test oracle, independent of Veil's profile decoder).
enum TortureProfile {
    /// The skeleton with every `review:` marker removed: every suggestion confirmed as it stands.
    static func confirmed(_ yaml: String) throws -> String {
        let marker = try NSRegularExpression(pattern: #", review: "(?:[^"\\]|\\.)*""#)
        return marker.stringByReplacingMatches(in: yaml, range: NSRange(yaml.startIndex..., in: yaml), withTemplate: "")
    }

    /// Every column's rule text by table (`schema.table`, `public.` added to bare names).
    static func rules(_ yaml: String) -> [String: [(column: String, rule: String)]] {
        var rules: [String: [(column: String, rule: String)]] = [:]
        var table: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  ") && !line.hasPrefix("   ") && !line.hasPrefix("  #") && line.hasSuffix(":") {
                let key = unquoted(String(line.dropFirst(2).dropLast())).name
                table = key.contains(".") ? key : "public." + key
                continue
            }
            if !line.hasPrefix(" ") { table = nil }
            guard let table, line.hasPrefix("      "), !line.hasPrefix("       ") else { continue }
            let entry = unquoted(String(line.dropFirst(6)))
            guard entry.rest.hasPrefix(": ") else { continue }
            rules[table, default: []].append((entry.name, String(entry.rest.dropFirst(2))))
        }
        return rules
    }

    /// The columns a rule copies unchanged (`keep`, confirmed or not: `{ rule: keep, review: "…" }` too).
    static func kept(_ rules: [(column: String, rule: String)]) -> [String] {
        rules.filter { $0.rule == "keep" || $0.rule.hasPrefix("{ rule: keep ") || $0.rule.hasPrefix("{ rule: keep,") }
            .map(\.column)
    }

    /// A leading YAML key, double-quoted (with `\"` and `\\`) or plain up to `: `, and the text after it.
    private static func unquoted(_ text: String) -> (name: String, rest: Substring) {
        guard text.hasPrefix("\"") else {
            let end = text.range(of: ": ")?.lowerBound ?? text.endIndex
            return (String(text[..<end]), text[end...])
        }
        var name = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex, text[index] != "\"" {
            if text[index] == "\\", text.index(after: index) < text.endIndex { index = text.index(after: index) }
            name.append(text[index])
            index = text.index(after: index)
        }
        return (name, index < text.endIndex ? text[text.index(after: index)...] : text[text.endIndex...])
    }
}
