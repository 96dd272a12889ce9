import PostgresDriver
import VeilCore

extension PostgresSchemaReader {
    /// The enum (with labels in order), composite, range, multirange and domain (with base type and CHECKs) types
    /// of the user schemas. Composite types are those made by `CREATE TYPE ... AS (...)`, not tables' row types.
    func userTypes() throws -> [UserType] {
        let kinds = try connection.execute(
            """
            SELECT t.oid::text, n.nspname, t.typname, t.typtype::text,
                   pg_catalog.format_type(t.typbasetype, t.typtypmod)
            FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            WHERE t.typtype IN ('e', 'c', 'r', 'm', 'd') AND \(Self.userSchemas)
              AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')
            ORDER BY n.nspname, t.typname
            """)
        var types: [UserType] = []
        var positions: [String: Int] = [:]
        for row in 0..<kinds.rowCount {
            let name = TableName(
                schema: kinds.value(row: row, column: 1) ?? "", name: kinds.value(row: row, column: 2) ?? "")
            let kind: UserType.Kind
            switch kinds.value(row: row, column: 3) {
            case "e": kind = .enumeration(labels: [])
            case "c": kind = .composite
            case "d": kind = .domain(baseType: kinds.value(row: row, column: 4) ?? "", checks: [])
            default: kind = .range
            }
            positions[kinds.value(row: row, column: 0) ?? ""] = types.count
            types.append(UserType(name: name, kind: kind))
        }
        let labels = try connection.execute(
            "SELECT e.enumtypid::text, e.enumlabel FROM pg_catalog.pg_enum e ORDER BY e.enumtypid, e.enumsortorder")
        for row in 0..<labels.rowCount {
            guard let position = positions[labels.value(row: row, column: 0) ?? ""],
                case .enumeration(let known) = types[position].kind
            else { continue }
            types[position].kind = .enumeration(labels: known + [labels.value(row: row, column: 1) ?? ""])
        }
        let checks = try connection.execute(
            """
            SELECT con.contypid::text, con.conname, pg_catalog.pg_get_constraintdef(con.oid)
            FROM pg_catalog.pg_constraint con WHERE con.contype = 'c' AND con.contypid <> 0
            ORDER BY con.contypid, con.conname
            """)
        for row in 0..<checks.rowCount {
            guard let position = positions[checks.value(row: row, column: 0) ?? ""],
                case .domain(let base, let known) = types[position].kind,
                let expression = Self.checkExpression(checks.value(row: row, column: 2) ?? "")
            else { continue }
            let check = ColumnCheck(
                name: checks.value(row: row, column: 1), expression: expression, isDomainCheck: true)
            types[position].kind = .domain(baseType: base, checks: known + [check])
        }
        return types
    }

    /// The plain key columns of each partitioned table, by table OID (expression keys, attnum 0, left out).
    func partitionKeys() throws -> [(String, [String])] {
        let result = try connection.execute(
            """
            SELECT p.partrelid::text, a.attname
            FROM pg_catalog.pg_partitioned_table p
            CROSS JOIN LATERAL unnest(p.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = k.attnum
            WHERE k.attnum > 0 AND p.partrelid IN (\(Self.userTableOIDs))
            ORDER BY p.partrelid, k.ord
            """)
        var keys: [(String, [String])] = []
        for row in 0..<result.rowCount {
            let oid = result.value(row: row, column: 0) ?? ""
            if keys.last?.0 == oid {
                keys[keys.count - 1].1.append(result.value(row: row, column: 1) ?? "")
            } else {
                keys.append((oid, [result.value(row: row, column: 1) ?? ""]))
            }
        }
        return keys
    }

    /// The inside of `CHECK (expression)` as `pg_get_constraintdef` prints it (maybe followed by `NOT VALID`).
    static func checkExpression(_ definition: String) -> String? {
        var text = Substring(definition)
        if text.hasSuffix(" NOT VALID") { text = text.dropLast(" NOT VALID".count) }
        guard text.hasPrefix("CHECK ("), text.hasSuffix(")") else { return nil }
        return String(text.dropFirst("CHECK (".count).dropLast())
    }
}
