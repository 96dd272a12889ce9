import Foundation
import VeilTestSupport

/// Values and column types read from a PostgreSQL database without Veil (test oracle): rows come through
/// `COPY (SELECT …) TO STDOUT`, so every value is its type's output text (a `char(n)` with its padding, a `bytea` as
/// `\x` hex), NULL kept apart from the empty string — the text a live source's rows travel as.
enum TortureValues {
    /// The rows of `columns` of `relation` (`schema.relname`), each field its output text or nil for NULL; `only`
    /// reads the table alone (`FROM ONLY`), otherwise its partitions too; `condition` (SQL) selects rows.
    static func rows(
        of columns: [String], relation: String, only: Bool, in database: String, where condition: String? = nil
    ) throws -> [[String?]] {
        guard !columns.isEmpty else { return [] }
        let (schema, table) = split(relation)
        let list = columns.map(SQLText.quoted).joined(separator: ", ")
        let from = "\(only ? "ONLY " : "")\(SQLText.quoted(schema)).\(SQLText.quoted(table))"
        let outcome = try ProcessRunner.run(
            ProcessRunner.which("psql") ?? "/usr/bin/psql",
            [
                "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", TestPostgres.url(database: database), "-c",
                "COPY (SELECT \(list) FROM \(from)\(condition.map { " WHERE \($0)" } ?? "")) TO STDOUT",
            ])
        guard outcome.status == 0 else { throw TestPostgresError(message: outcome.standardError) }
        return decode(outcome.standardOutput)
    }

    /// The rows of COPY's text format: one line per row, fields split by tabs, `\N` for NULL, backslash escapes.
    static func decode(_ text: String) -> [[String?]] {
        var scalars = Substring(text).unicodeScalars
        guard !scalars.isEmpty else { return [] }
        if scalars.last == "\n" { scalars.removeLast() }
        return scalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { field(String($0)) }
        }
    }

    private static func field(_ text: String) -> String? {
        if text == "\\N" { return nil }
        guard text.unicodeScalars.contains("\\") else { return text }
        var out = String.UnicodeScalarView()
        var escaped = false
        for scalar in text.unicodeScalars {
            if escaped {
                switch scalar {
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "v": out.append("\u{0B}")
                default: out.append(scalar)
                }
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `TortureOracle.digests` of many tables in one query: for each `schema.relname` (`FROM ONLY`), one order-free
    /// digest per column (md5 of the text forms, NULL as `\N`, sorted bytewise).
    static func digests(_ columns: [String: [String]], in database: String) throws -> [String: [String]] {
        let selects = columns.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { relation, columns in
            let (schema, table) = split(relation)
            let parts = columns.map { column in
                let value = "coalesce(t.\(SQLText.quoted(column))::text, '\\N')"
                return "coalesce(md5(string_agg(\(value), E'\\x01' ORDER BY \(value) COLLATE \"C\")), '-')"
            }
            return "SELECT \(SQLText.literal(relation)) || E'\\t' || \(parts.joined(separator: " || E'\\t' || ")) "
                + "FROM ONLY \(SQLText.quoted(schema)).\(SQLText.quoted(table)) t"
        }
        guard !selects.isEmpty else { return [:] }
        var digests: [String: [String]] = [:]
        let text = try TestPostgres.psql(database: database, selects.joined(separator: "\nUNION ALL "))
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t").map(String.init)
            digests[parts[0]] = Array(parts.dropFirst())
        }
        return digests
    }

    /// The declared type (`format_type`) of every column of every ordinary and partitioned table, by
    /// `schema.relname` and column name.
    static func columnTypes(in database: String) throws -> [String: [String: String]] {
        let text = try TestPostgres.psql(
            database: database,
            """
            SELECT n.nspname || '.' || c.relname || E'\\t' || a.attname || E'\\t' || format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
            """)
        var types: [String: [String: String]] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            if parts.count == 3 { types[String(parts[0]), default: [:]][String(parts[1])] = String(parts[2]) }
        }
        return types
    }

    /// `schema.relname` split at its first dot (the generator's schema names hold none).
    static func split(_ relation: String) -> (schema: String, table: String) {
        let dot = relation.firstIndex(of: ".")!
        return (String(relation[..<dot]), String(relation[relation.index(after: dot)...]))
    }
}
