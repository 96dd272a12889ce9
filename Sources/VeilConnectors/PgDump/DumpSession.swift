import VeilCore

/// The session settings a dump changes as it goes that affect how later text reads: string-literal escapes
/// and the schema that unqualified names belong to.
struct DumpSession {
    /// `SET standard_conforming_strings`: when off, `'..'` literals take backslash escapes.
    var standardConformingStrings = true
    /// The last `SET search_path` / `set_config('search_path', ...)`; nil when the dump never set one.
    var searchPath: [String]?

    /// The schema unqualified names resolve to: the first real schema of the search path, else `public`.
    var defaultSchema: String { unqualifiedSchema ?? "public" }

    /// The schema of the search path that names may omit, if the dump set one (old pg_dump versions wrote
    /// `SET search_path = public, pg_catalog;` and then unqualified names). Nil when names must be qualified.
    var unqualifiedSchema: String? {
        searchPath?.first { $0 != "$user" && $0 != "pg_catalog" && !$0.isEmpty }
    }

    /// Applies a statement classified as ``StatementKind/setting``.
    mutating func apply(_ statement: TokenCursor) {
        var cursor = statement
        if cursor.accept("select") {
            applySetConfig(&cursor)
            return
        }
        guard cursor.accept("set") else { return }
        _ = cursor.accept("session") || cursor.accept("local")
        guard let name = cursor.identifier() else { return }
        guard cursor.acceptSymbol("=") || cursor.accept("to") else { return }
        let values = settingValues(&cursor)
        switch name {
        case "standard_conforming_strings":
            if let value = values.first, let flag = Self.boolean(value) { standardConformingStrings = flag }
        case "search_path":
            searchPath = values == ["default"] ? ["$user", "public"] : values
        default:
            break
        }
    }

    /// `SELECT pg_catalog.set_config('name', 'value', is_local)`.
    private mutating func applySetConfig(_ cursor: inout TokenCursor) {
        if cursor.accept("pg_catalog") { _ = cursor.acceptSymbol(".") }
        guard cursor.accept("set_config"), cursor.acceptSymbol("("),
            let name = stringValue(&cursor), cursor.acceptSymbol(","), let value = stringValue(&cursor)
        else { return }
        let parts = value.split(separator: ",").map { $0.trimmingSpaces() }.map(Self.unquotedPathEntry)
        switch name {
        case "search_path": searchPath = parts
        case "standard_conforming_strings": if let flag = Self.boolean(value) { standardConformingStrings = flag }
        default: break
        }
    }

    /// The comma-separated values of a `SET`: identifiers, strings, numbers.
    private func settingValues(_ cursor: inout TokenCursor) -> [String] {
        var values: [String] = []
        while let token = cursor.current, token.kind != .symbol(UInt8(ascii: ";")) {
            switch token.kind {
            case .word, .quotedIdentifier:
                values.append(cursor.identifierValue(token) ?? "")
                cursor.index += 1
            case .string:
                values.append(stringValue(&cursor) ?? "")
            case .number:
                values.append(cursor.text(token))
                cursor.index += 1
            default:
                cursor.index += 1
            }
            guard cursor.acceptSymbol(",") else { break }
        }
        return values
    }

    private func stringValue(_ cursor: inout TokenCursor) -> String? {
        guard let token = cursor.current, case .string(let prefix) = token.kind else { return nil }
        cursor.index += 1
        return try? SQLLiteral.value(
            of: UnsafeBufferPointer(rebasing: cursor.bytes[token.start..<token.end]), prefix: prefix,
            standardConformingStrings: standardConformingStrings)
    }

    private static func boolean(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "on", "true", "yes", "1": true
        case "off", "false", "no", "0": false
        default: nil
        }
    }

    /// A search-path entry from a `set_config` string: `"My Schema"` loses its quotes, others fold to lower case.
    private static func unquotedPathEntry(_ entry: Substring) -> String {
        if entry.hasPrefix("\"") && entry.hasSuffix("\"") && entry.count >= 2 {
            var inner = ""
            var previousQuote = false
            for character in entry.dropFirst().dropLast() {
                if character == "\"" && previousQuote {
                    previousQuote = false
                    continue
                }
                previousQuote = character == "\""
                inner.append(character)
            }
            return inner
        }
        return entry.lowercased()
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var trimmed = self
        while let first = trimmed.first, first == " " || first == "\t" { trimmed.removeFirst() }
        while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
        return trimmed
    }
}
