/// A type the source defines (`CREATE TYPE`, `CREATE DOMAIN`): what a rule may write into a column of it.
public struct UserType: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// `AS ENUM (...)`: only these labels are values.
        case enumeration(labels: [String])
        /// `AS (field type, ...)`: a record literal `(a,b)`, never free text.
        case composite
        /// `AS RANGE (...)`, or a multirange: `[a,b)` literals.
        case range
        /// `CREATE DOMAIN name AS base [CHECK (VALUE ...)]`: the base type, and checks on the value.
        case domain(baseType: String, checks: [ColumnCheck])
    }

    /// The type's schema and name.
    public var name: TableName
    public var kind: Kind

    public init(name: TableName, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// What the kind is called in messages.
    public var kindDescription: String {
        switch kind {
        case .enumeration: "enum"
        case .composite: "composite"
        case .range: "range"
        case .domain: "domain"
        }
    }
}

extension DatabaseSchema {
    /// The user type a column's declared type names (`public.mood`, `mood`, `"Mood"`, `mood[]` for its element),
    /// looking a bare name up in `defaultSchema` first and then in any schema; nil for built-in types.
    public func userType(named declared: String, defaultSchema: String) -> UserType? {
        guard !types.isEmpty else { return nil }
        var text = Substring(declared)
        while text.last == " " || text.last == "]" || text.last == "[" { text.removeLast() }
        while text.first == " " { text.removeFirst() }
        let parts = Self.splitQualified(String(text))
        guard let last = parts.last else { return nil }
        if parts.count >= 2 {
            return types.first { $0.name.schema == parts[parts.count - 2] && $0.name.name == last }
        }
        return types.first { $0.name.schema == defaultSchema && $0.name.name == last }
            ?? types.first { $0.name.name == last }
    }

    /// `schema.name`, `"My Schema"."Name"`, `name` → the identifiers, unquoted names folded to lower case.
    static func splitQualified(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var wasQuoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if character == "\"" {
                if quoted && characters.first == "\"" {
                    current.append("\"")
                    characters.removeFirst()
                } else {
                    quoted.toggle()
                    wasQuoted = true
                }
            } else if character == "." && !quoted {
                parts.append(wasQuoted ? current : current.lowercased())
                current = ""
                wasQuoted = false
            } else {
                current.append(character)
            }
        }
        parts.append(wasQuoted ? current : current.lowercased())
        return parts
    }
}
