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
/// its declarations; BLOB-affinity declarations there still decode `\x` hex.
struct SQLiteColumnMapping: Equatable {
    /// How the writer binds a field.
    enum Binding: Equatable {
        /// Bound as text; the column's affinity converts numbers.
        case text
        /// `\x` hex decoded into a BLOB (other text is bound as text).
        case bytea
        /// PostgreSQL boolean spellings bound as 0/1 (other text is bound as text).
        case boolean
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
        let isBoolean = upper == "BOOLEAN" || upper == "BOOL"
        self.init(declaredType: sqliteType, binding: isBlob ? .bytea : (isBoolean ? .boolean : .text))
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
            self.init(declaredType: "NUMERIC", binding: .text)
        case "real", "double precision", "float", "float4", "float8":
            self.init(declaredType: "REAL", binding: .text)
        case "bytea":
            self.init(declaredType: "BLOB", binding: .bytea)
        case "boolean", "bool":
            self.init(declaredType: "INTEGER", binding: .boolean)
        default:
            self.init(declaredType: "TEXT", binding: .text)
        }
    }
}
