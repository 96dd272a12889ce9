import Foundation
import VeilCore

/// How a source column is declared in the SQLite target, and how its text values are bound.
///
/// PostgreSQL types map to SQLite declared types that give the right affinity:
///
/// | PostgreSQL | SQLite |
/// |---|---|
/// | `smallint`, `integer`, `bigint`, `int2/4/8`, `*serial` | `INTEGER` |
/// | `numeric`, `decimal` (with any precision) | `NUMERIC` |
/// | `real`, `double precision`, `float*` | `REAL` |
/// | `bytea` | `BLOB` (`\x` hex decoded to bytes) |
/// | `boolean` | `INTEGER` (`t`/`true` → 1, `f`/`false` → 0) |
/// | anything else: dates, times, text, `varchar`, `char`, `uuid`, `json`, arrays, enums, domains | `TEXT` |
///
/// Types of a SQLite source (tables with an empty schema) are kept as written, so a SQLite → SQLite copy keeps
/// its declarations; BLOB-affinity declarations there still decode `\x` hex. A field that carries its source's
/// storage class (see ``StorageClass``) is bound by that class instead, whatever the column's type.
struct SQLiteColumnMapping: Equatable {
    /// How the writer binds a field.
    enum Binding: Equatable {
        /// Bound as text; the column's affinity converts numbers.
        case text
        /// `\x` hex decoded into a BLOB (other text is bound as text).
        case bytea
        /// PostgreSQL boolean spellings bound as 0/1 (other text is bound as text).
        case boolean
        /// `Infinity` and `-Infinity` bound as the REAL infinities (other text is bound as text, which the column's
        /// numeric affinity converts).
        case number
    }

    var declaredType: String
    var binding: Binding

    init(declaredType: String, binding: Binding) {
        self.declaredType = declaredType
        self.binding = binding
    }

    /// The mapping of `column` of a table in `schema` (`""` for SQLite and CSV sources).
    init(column: Column, schema: String) {
        if schema.isEmpty {
            self.init(sqliteType: column.type)
        } else {
            self.init(postgresType: column.type)
        }
    }

    /// A SQLite declared type kept as written.
    init(sqliteType: String) {
        // SQLite's affinity rule 3: a type containing "BLOB" (or no type at all) has BLOB affinity.
        let upper = sqliteType.uppercased()
        let isBlob = upper.contains("BLOB")
        let binding: Binding
        switch SQLiteLiteral.Affinity(declaredType: sqliteType) {
        case .integer, .real, .numeric: binding = .number
        case .boolean: binding = .boolean
        case .text, .blob: binding = isBlob ? .bytea : .text
        }
        self.init(declaredType: Self.declarable(sqliteType), binding: binding)
    }

    /// A type name SQLite parses back in a column definition: as written when it is words with an optional
    /// `(n)` or `(n, m)` at the end, else double-quoted (`"VARCHAR(3) WITH TIME ZONE"`), which SQLite accepts and
    /// reads back (and derives the affinity from) unquoted.
    static func declarable(_ type: String) -> String {
        let word = "[A-Za-z_][A-Za-z0-9_]*"
        let number = "[+-]?[0-9]+(\\.[0-9]+)?"
        let pattern = "\(word)(\\s+\(word))*\\s*(\\(\\s*\(number)\\s*(,\\s*\(number)\\s*)?\\))?"
        guard !type.isEmpty, (try? Regex(pattern).wholeMatch(in: type)) == nil else { return type }
        return SQLiteSyntax.quote(type)
    }

    /// A PostgreSQL type (`character varying(40)`, `pg_catalog.int4`, `numeric(10,2)`, `text[]`...).
    init(postgresType: String) {
        var base = postgresType.lowercased().trimmingCharacters(in: .whitespaces)
        if base.hasSuffix("]") {
            self.init(declaredType: "TEXT", binding: .text)
            return
        }
        if let paren = base.firstIndex(of: "(") { base = String(base[..<paren]).trimmingCharacters(in: .whitespaces) }
        base = base.replacingOccurrences(of: "\"", with: "")
        if base.hasPrefix("pg_catalog.") { base = String(base.dropFirst("pg_catalog.".count)) }
        switch base {
        case "smallint", "integer", "int", "bigint", "int2", "int4", "int8", "smallserial", "serial", "bigserial",
            "serial2", "serial4", "serial8", "oid":
            self.init(declaredType: "INTEGER", binding: .text)
        case "numeric", "decimal":
            self.init(declaredType: "NUMERIC", binding: .number)
        case "real", "double precision", "float", "float4", "float8":
            self.init(declaredType: "REAL", binding: .number)
        case "bytea":
            self.init(declaredType: "BLOB", binding: .bytea)
        case "boolean", "bool":
            self.init(declaredType: "INTEGER", binding: .boolean)
        default:
            self.init(declaredType: "TEXT", binding: .text)
        }
    }
}
