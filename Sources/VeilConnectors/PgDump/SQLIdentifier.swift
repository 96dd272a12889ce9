import VeilCore

/// Identifier and literal spelling the way pg_dump writes them, so regenerated statements match its output.
enum SQLIdentifier {
    /// pg_dump's `fmtId`: the name as is when it is a lower-case ASCII identifier (`[a-z_][a-z0-9_]*`) that is
    /// not a reserved, column-name or type/function-name keyword; otherwise double-quoted with `"` doubled.
    static func quote(_ name: String) -> String {
        if isPlain(name) && !nonUnreservedKeywords.contains(name) { return name }
        var quoted = "\""
        for character in name {
            if character == "\"" { quoted.append("\"") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// `schema.name` with each part quoted as needed; only the name when `schema` is empty or is the schema that
    /// unqualified names resolve to (old pg_dump versions wrote `SET search_path = s, pg_catalog;` and then
    /// unqualified names).
    static func qualified(_ table: TableName, unqualifiedSchema: String? = nil) -> String {
        if table.schema.isEmpty || table.schema == unqualifiedSchema { return quote(table.name) }
        return quote(table.schema) + "." + quote(table.name)
    }

    private static func isPlain(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || (first >= 0x61 && first <= 0x7A) else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
        }
    }

    /// PostgreSQL 15's keywords whose category is not "unreserved" (`pg_get_keywords() where catcode <> 'U'`):
    /// the ones `fmtId` quotes.
    static let nonUnreservedKeywords: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between",
        "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce",
        "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog",
        "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user",
        "dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists",
        "extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant", "greatest",
        "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect",
        "interval", "into", "is", "isnull", "join", "lateral", "leading", "least", "left", "like", "limit",
        "localtime", "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull",
        "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay",
        "placing", "position", "precision", "primary", "real", "references", "returning", "right", "row",
        "select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric", "table",
        "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique",
        "user", "using", "values", "varchar", "variadic", "verbose", "when", "where", "window", "with",
        "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse",
        "xmlpi", "xmlroot", "xmlserialize", "xmltable",
    ]
}
