import PostgresDriver
import VeilCore

/// Reads a live database's tables, columns and keys from `pg_catalog`, inside the caller's transaction.
///
/// Tables are the ordinary (`relkind 'r'`) and partitioned (`'p'`) tables of every user schema (everything but
/// `pg_catalog`, `information_schema`, `pg_toast` and the temporary schemas), ordered by schema then name.
/// Columns come in `attnum` order with `format_type` as their type. Keys are the primary key, unique constraints
/// and full unique indexes on plain columns, and foreign keys with their column pairs in declaration order; partial
/// and expression unique indexes are recorded as ``LimitedUniqueIndex``es. A
/// partition's or inheritance child's `parent` is its first `pg_inherits` parent.
struct PostgresSchemaReader {
    let connection: PostgresConnection

    /// A table as the catalog describes it, with its OID (to join the other catalog queries) and kind.
    struct CatalogTable {
        var oid: String
        var isPartitioned: Bool
        var schema: TableSchema
        /// The table's size on disk (`pg_table_size`: heap and TOAST), to schedule the biggest tables first.
        var bytes = 0
    }

    /// The user schemas: a `WHERE` condition on `pg_namespace n`.
    static let userSchemas = """
        n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
          AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
        """

    /// The OIDs of the user tables, as a subquery.
    static let userTableOIDs = """
        SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND \(userSchemas)
        """

    func read() throws -> [CatalogTable] {
        var tables = try tableList()
        let index = Dictionary(uniqueKeysWithValues: tables.enumerated().map { ($1.oid, $0) })
        for (oid, column) in try columns() {
            if let position = index[oid] { tables[position].schema.columns.append(column) }
        }
        try applyConstraints(to: &tables, index: index)
        try applyChecks(to: &tables, index: index)
        for (oid, key) in try uniqueIndexes() {
            guard let position = index[oid] else { continue }
            let schema = tables[position].schema
            if schema.primaryKey != key && !schema.uniqueKeys.contains(key) {
                tables[position].schema.uniqueKeys.append(key)
            }
        }
        for (oid, key) in try partitionKeys() {
            if let position = index[oid] { tables[position].schema.partitionKey = key }
        }
        for (oid, limited) in try limitedUniqueIndexes() {
            if let position = index[oid] { tables[position].schema.limitedUniqueIndexes.append(limited) }
        }
        for (oid, parent) in try parents() {
            if let position = index[oid], tables[position].schema.parent == nil {
                tables[position].schema.parent = parent
            }
        }
        return tables.sorted { $0.schema.name < $1.schema.name }
    }

    private func tableList() throws -> [CatalogTable] {
        let result = try connection.execute(
            """
            SELECT c.oid::text, n.nspname, c.relname, c.relkind::text, pg_catalog.pg_table_size(c.oid)::text
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND \(Self.userSchemas)
            """)
        return (0..<result.rowCount).map { row in
            CatalogTable(
                oid: text(result, row, 0), isPartitioned: text(result, row, 3) == "p",
                schema: TableSchema(
                    name: TableName(schema: text(result, row, 1), name: text(result, row, 2)), columns: []),
                bytes: Int(text(result, row, 4)) ?? 0)
        }
    }

    private func columns() throws -> [(String, Column)] {
        // attgenerated exists from PostgreSQL 12 on.
        let generated = connection.serverVersion >= 120000 ? "a.attgenerated <> ''" : "false"
        let result = try connection.execute(
            """
            SELECT a.attrelid::text, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
                   a.attnotnull, \(generated),
                   CASE WHEN \(generated) THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END
            FROM pg_catalog.pg_attribute a
            LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid IN (\(Self.userTableOIDs))
            ORDER BY a.attrelid, a.attnum
            """)
        return (0..<result.rowCount).map { row in
            (
                text(result, row, 0),
                Column(
                    name: text(result, row, 1), type: text(result, row, 2), isNotNull: text(result, row, 3) == "t",
                    isGenerated: text(result, row, 4) == "t",
                    generationExpression: result.isNull(row: row, column: 5) ? nil : text(result, row, 5))
            )
        }
    }

    /// Primary keys, unique constraints and foreign keys, one catalog row per key column.
    private func applyConstraints(to tables: inout [CatalogTable], index: [String: Int]) throws {
        let result = try connection.execute(
            """
            SELECT con.conrelid::text, con.contype::text, con.conname, a.attname, fn.nspname, fc.relname, fa.attname
            FROM pg_catalog.pg_constraint con
            CROSS JOIN LATERAL unnest(con.conkey, coalesce(con.confkey, con.conkey))
                WITH ORDINALITY AS k(attnum, fattnum, ord)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
            LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
            LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
            LEFT JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum
            WHERE con.contype IN ('p', 'u', 'f') AND con.conrelid IN (\(Self.userTableOIDs))
            ORDER BY con.conrelid, con.contype, con.conname, k.ord
            """)
        var row = 0
        while row < result.rowCount {
            let (oid, type, name) = (text(result, row, 0), text(result, row, 1), text(result, row, 2))
            var columns: [String] = []
            var referenced: [String] = []
            var target: TableName?
            while row < result.rowCount, text(result, row, 0) == oid, text(result, row, 2) == name,
                text(result, row, 1) == type
            {
                columns.append(text(result, row, 3))
                if let schema = result.value(row: row, column: 4), let table = result.value(row: row, column: 5) {
                    target = TableName(schema: schema, name: table)
                }
                if let column = result.value(row: row, column: 6) { referenced.append(column) }
                row += 1
            }
            guard let position = index[oid] else { continue }
            switch type {
            case "p":
                tables[position].schema.primaryKey = columns
            case "u":
                if !tables[position].schema.uniqueKeys.contains(columns) {
                    tables[position].schema.uniqueKeys.append(columns)
                }
            default:
                if let target {
                    tables[position].schema.foreignKeys.append(
                        ForeignKey(
                            name: name, columns: columns, referencedTable: target, referencedColumns: referenced))
                }
            }
        }
    }

    /// CHECK constraints on exactly one column, recorded on that column (`pg_get_constraintdef` prints them as
    /// `CHECK ((expression))`, maybe followed by `NOT VALID`).
    private func applyChecks(to tables: inout [CatalogTable], index: [String: Int]) throws {
        let result = try connection.execute(
            """
            SELECT con.conrelid::text, con.conname, a.attname, pg_catalog.pg_get_constraintdef(con.oid)
            FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
            WHERE con.contype = 'c' AND cardinality(con.conkey) = 1 AND con.conrelid IN (\(Self.userTableOIDs))
            ORDER BY con.conrelid, con.conname
            """)
        for row in 0..<result.rowCount {
            guard let position = index[text(result, row, 0)],
                let column = tables[position].schema.columns.firstIndex(where: { $0.name == text(result, row, 2) })
            else { continue }
            guard let expression = Self.checkExpression(text(result, row, 3)) else { continue }
            tables[position].schema.columns[column].checks.append(
                ColumnCheck(name: text(result, row, 1), expression: expression))
        }
    }

    /// Valid, full (not partial) unique indexes on plain columns, key columns only, that back no constraint.
    private func uniqueIndexes() throws -> [(String, [String])] {
        let result = try connection.execute(
            """
            SELECT i.indrelid::text, ic.relname, a.attname
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
            CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indisunique AND i.indisvalid AND NOT i.indisprimary
              AND i.indpred IS NULL AND i.indexprs IS NULL AND k.ord <= i.indnkeyatts
              AND i.indrelid IN (\(Self.userTableOIDs))
            ORDER BY i.indrelid, ic.relname, k.ord
            """)
        var keys: [(String, [String])] = []
        var current: (oid: String, index: String)?
        for row in 0..<result.rowCount {
            let (oid, index) = (text(result, row, 0), text(result, row, 1))
            if current?.oid != oid || current?.index != index {
                current = (oid, index)
                keys.append((oid, []))
            }
            keys[keys.count - 1].1.append(text(result, row, 2))
        }
        return keys
    }

    private func parents() throws -> [(String, TableName)] {
        let result = try connection.execute(
            """
            SELECT i.inhrelid::text, n.nspname, c.relname
            FROM pg_catalog.pg_inherits i
            JOIN pg_catalog.pg_class c ON c.oid = i.inhparent
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE i.inhrelid IN (\(Self.userTableOIDs))
            ORDER BY i.inhrelid, i.inhseqno
            """)
        return (0..<result.rowCount).map { row in
            (text(result, row, 0), TableName(schema: text(result, row, 1), name: text(result, row, 2)))
        }
    }

    private func text(_ result: PostgresResult, _ row: Int, _ column: Int) -> String {
        result.value(row: row, column: column) ?? ""
    }
}
