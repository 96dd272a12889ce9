import Foundation
import SQLiteDriver
import VeilTestSupport

/// What a snapshot promises, checked without Veil (test oracle): its rows are rows of the source (kept columns
/// equal), every row a `subset:` root's condition selects is there, and every foreign key holds.
enum TortureSubset {
    /// One `subset:` root: a table (`schema.relname`) and the SQL condition that selects its rows.
    struct Root {
        let relation: String
        let condition: String
    }

    /// The roots a seed's snapshot names, from the tables the generator always makes: `people` in the first schema,
    /// `transfers` (self-referencing, with composite foreign keys), `events` (partitioned) and `contacts` (an
    /// inheritance parent), wherever each was generated.
    static func roots(among relations: [String], firstSchema: String) -> [Root] {
        var roots = [Root(relation: "\(firstSchema).people", condition: "id % 2 = 0")]
        for (table, condition) in [("transfers", "id % 3 = 0"), ("events", "id % 2 = 1"), ("contacts", "id % 4 = 0")] {
            if let relation = relations.first(where: { TortureValues.split($0).table == table }) {
                roots.append(Root(relation: relation, condition: condition))
            }
        }
        return roots
    }

    /// The `subset:` and `subset_options:` sections naming `roots`.
    static func yaml(_ roots: [Root], includeChildren: Bool) -> String {
        var text = "subset:\n"
        for root in roots {
            text += "  \(quoted(root.relation)): \(quoted(root.condition))\n"
        }
        return text + "subset_options:\n  include_children: \(includeChildren)\n"
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `relation` and every table that inherits from it or is one of its partitions, at any depth, that holds rows
    /// itself (`schema.relname`).
    static func family(of relation: String, in database: String) throws -> [String] {
        let (schema, table) = TortureValues.split(relation)
        let name = SQLText.quoted(schema) + "." + SQLText.quoted(table)
        return try TestPostgres.psql(
            database: database,
            """
            WITH RECURSIVE family(oid) AS (
              SELECT \(literal(name))::regclass::oid
              UNION SELECT i.inhrelid FROM pg_inherits i JOIN family f ON i.inhparent = f.oid)
            SELECT n.nspname || '.' || c.relname FROM family f JOIN pg_class c ON c.oid = f.oid
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' ORDER BY 1
            """
        ).split(separator: "\n").map(String.init)
    }

    private static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// Every row of `part` is a row of `whole`, as often at least (rows compared byte for byte, NULL apart).
    static func isSubMultiset(_ part: [[String?]], of whole: [[String?]]) -> Bool {
        var counts: [[UInt8]: Int] = [:]
        for row in whole { counts[key(row), default: 0] += 1 }
        for row in part {
            let key = key(row)
            guard let count = counts[key], count > 0 else { return false }
            counts[key] = count - 1
        }
        return true
    }

    /// A row as bytes: each field `N` for NULL or `V`, its length and its UTF-8 bytes.
    private static func key(_ row: [String?]) -> [UInt8] {
        var bytes: [UInt8] = []
        for field in row {
            guard let field else {
                bytes.append(UInt8(ascii: "N"))
                continue
            }
            bytes.append(UInt8(ascii: "V"))
            bytes += Array(String(field.utf8.count).utf8) + [UInt8(ascii: ":")] + Array(field.utf8)
        }
        return bytes
    }

    /// What `PRAGMA foreign_key_check` finds in the SQLite file: one line per table and foreign key whose rows
    /// lack their parent (or the check's own error, when a foreign key names no unique key of its parent).
    static func sqliteForeignKeyViolations(_ path: String) throws -> [String] {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        var violations: [String: Int] = [:]
        do {
            let check = try connection.prepare("PRAGMA foreign_key_check")
            while let row = try check.step() {
                violations["\(row.text(at: 0)) → \(row.text(at: 2))", default: 0] += 1
            }
        } catch {
            return ["the SQLite file's foreign keys cannot be checked (\(error))"]
        }
        return violations.sorted { $0.key < $1.key }.map {
            "foreign key \($0.key) lacks the parent of \($0.value) row(s)"
        }
    }
}
