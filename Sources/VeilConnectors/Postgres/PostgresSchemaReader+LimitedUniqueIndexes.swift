import PostgresDriver
import VeilCore

extension PostgresSchemaReader {
    /// The valid unique indexes that are partial or index expressions, by table OID, each with the columns it
    /// reads: its plain key columns (in order), then the columns its expressions depend on (from `pg_depend`,
    /// which records them for index expressions and predicates alike).
    func limitedUniqueIndexes() throws -> [(String, LimitedUniqueIndex)] {
        let result = try connection.execute(
            """
            WITH limited AS (
              SELECT i.indexrelid, i.indrelid, ic.relname, i.indpred IS NOT NULL AS partial,
                     i.indexprs IS NOT NULL AS expressions, i.indkey, i.indnkeyatts
              FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
              WHERE i.indisunique AND i.indisvalid AND NOT i.indisprimary
                AND (i.indpred IS NOT NULL OR i.indexprs IS NOT NULL)
                AND i.indrelid IN (\(Self.userTableOIDs))
            )
            SELECT l.indrelid::text, l.relname, l.partial::text, l.expressions::text, a.attname, k.ord AS ord
            FROM limited l
            CROSS JOIN LATERAL unnest(l.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = l.indrelid AND a.attnum = k.attnum
            WHERE k.attnum > 0 AND k.ord <= l.indnkeyatts
            UNION ALL
            SELECT l.indrelid::text, l.relname, l.partial::text, l.expressions::text, a.attname, 1000 + a.attnum
            FROM limited l
            JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = l.indexrelid
              AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = l.indrelid AND d.refobjsubid > 0
            JOIN pg_catalog.pg_attribute a ON a.attrelid = l.indrelid AND a.attnum = d.refobjsubid
            WHERE l.expressions
            ORDER BY 1, 2, 6
            """)
        var indexes: [(String, LimitedUniqueIndex)] = []
        for row in 0..<result.rowCount {
            let oid = result.value(row: row, column: 0) ?? ""
            let name = result.value(row: row, column: 1) ?? ""
            let column = result.value(row: row, column: 4) ?? ""
            if let last = indexes.last, last.0 == oid, last.1.name == name {
                if !last.1.columns.contains(column) { indexes[indexes.count - 1].1.columns.append(column) }
                continue
            }
            indexes.append(
                (
                    oid,
                    LimitedUniqueIndex(
                        name: name, columns: [column], isPartial: result.value(row: row, column: 2) == "true",
                        hasExpressions: result.value(row: row, column: 3) == "true")
                ))
        }
        return indexes
    }
}
