import Foundation
import VeilTestSupport

/// The constraints of a PostgreSQL database as its catalogue describes them (test oracle), so a restored copy can
/// be held to its source: every constraint (primary key, unique, foreign key, check, exclusion — of tables and of
/// domains) by table, name and `pg_get_constraintdef`, every NOT NULL column, every unique index by table, name and
/// `pg_get_indexdef`; a copy must have each of its source's, validated and valid where the source's are.
struct TortureConstraints {
    /// `table` (`schema.relname`, or `domain schema.typname`) → `name: definition` → `convalidated`.
    private(set) var constraints: [String: [String: Bool]] = [:]
    /// `schema.relname` → its NOT NULL columns.
    private(set) var notNull: [String: Set<String>] = [:]
    /// `schema.relname` → `name: definition` of its unique indexes → `indisvalid`.
    private(set) var uniqueIndexes: [String: [String: Bool]] = [:]

    /// Reads the catalogue of `database` (outside the system schemas), in one query.
    init(of database: String) throws {
        let user = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"
        let lists = try Self.json(
            database,
            [
                """
                SELECT json_build_array(
                    coalesce(n.nspname || '.' || c.relname, 'domain ' || tn.nspname || '.' || t.typname),
                    con.conname || ': ' || pg_get_constraintdef(con.oid), con.convalidated)
                FROM pg_constraint con
                LEFT JOIN pg_class c ON c.oid = con.conrelid LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_type t ON t.oid = con.contypid LEFT JOIN pg_namespace tn ON tn.oid = t.typnamespace
                WHERE coalesce(n.nspname, tn.nspname) NOT IN ('pg_catalog', 'information_schema')
                  AND coalesce(n.nspname, tn.nspname) NOT LIKE 'pg\\_%'
                """,
                """
                SELECT json_build_array(n.nspname || '.' || c.relname, a.attname)
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull AND \(user)
                """,
                """
                SELECT json_build_array(n.nspname || '.' || c.relname,
                    ic.relname || ': ' || pg_get_indexdef(i.indexrelid), i.indisvalid)
                FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE i.indisunique AND \(user)
                """,
            ])
        guard lists.count == 3 else { throw TestPostgresError(message: "the catalogue query of \(database) failed") }
        for row in lists[0] {
            // `pg_get_constraintdef` ends a constraint that is not validated with NOT VALID: keyed without it.
            var definition = row[1] as! String
            if definition.hasSuffix(" NOT VALID") { definition.removeLast(" NOT VALID".count) }
            constraints[row[0] as! String, default: [:]][definition] = row[2] as? Bool ?? false
        }
        for row in lists[1] { notNull[row[0] as! String, default: []].insert(row[1] as! String) }
        for row in lists[2] {
            uniqueIndexes[row[0] as! String, default: [:]][row[1] as! String] = row[2] as? Bool ?? false
        }
    }

    /// What `copy` lacks of these (the source's) constraints, each naming its table and constraint or index (the
    /// definition is the source's DDL, no row value), by the table it belongs to.
    func missing(in copy: TortureConstraints) -> [(relation: String, text: String)] {
        var found: [(relation: String, text: String)] = []
        for (table, entries) in constraints.sorted(by: { $0.key < $1.key }) {
            for (constraint, validated) in entries.sorted(by: { $0.key < $1.key }) {
                switch copy.constraints[table]?[constraint] {
                case nil: found.append((table, "\(table) lacks the constraint \(constraint)"))
                case .some(false) where validated: found.append((table, "\(table) has \(constraint) NOT VALID"))
                default: break
                }
            }
        }
        for (table, columns) in notNull.sorted(by: { $0.key < $1.key }) {
            for column in columns.subtracting(copy.notNull[table] ?? []).sorted() {
                found.append((table, "\(table).\(column) lost its NOT NULL"))
            }
        }
        for (table, entries) in uniqueIndexes.sorted(by: { $0.key < $1.key }) {
            for (index, valid) in entries.sorted(by: { $0.key < $1.key }) {
                switch copy.uniqueIndexes[table]?[index] {
                case nil: found.append((table, "\(table) lacks the unique index \(index)"))
                case .some(false) where valid: found.append((table, "\(table) has the unique index \(index) invalid"))
                default: break
                }
            }
        }
        return found
    }

    /// The rows of each query (one `json_build_array` per row), as arrays, from one round trip.
    private static func json(_ database: String, _ queries: [String]) throws -> [[[Any]]] {
        let lists = queries.map { "(SELECT coalesce(json_agg(r), '[]') FROM (\($0)) AS q(r))" }
        let text = try TestPostgres.psql(
            database: database, "SELECT json_build_array(\(lists.joined(separator: ", ")))")
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[[Any]]] ?? []
    }
}
