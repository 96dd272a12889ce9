import PostgresDriver
import VeilCore

/// Moves every sequence that feeds a column (through a `DEFAULT nextval(...)`, `OWNED BY` or an identity) past
/// the largest value that column holds, so the first insert after a load never collides with a copied row.
///
/// A schema-only dump creates sequences at their start; rows copied in with explicit ids leave them behind.
/// Only integer columns (smallint, integer, bigint) are considered. A sequence already beyond the column's
/// maximum (a dump's own `setval`) is left where it is.
enum SequenceCatchUp {
    /// Sequences and the columns they feed, as `regclass` text (qualified wherever the search path requires).
    static let feedingColumnsQuery = """
        SELECT seq.oid::regclass::text, tbl.oid::regclass::text, quote_ident(att.attname)
        FROM pg_catalog.pg_class seq
        JOIN pg_catalog.pg_depend dep ON dep.refobjid = seq.oid AND dep.refclassid = 'pg_catalog.pg_class'::regclass
        JOIN pg_catalog.pg_attrdef def ON dep.classid = 'pg_catalog.pg_attrdef'::regclass AND dep.objid = def.oid
        JOIN pg_catalog.pg_class tbl ON tbl.oid = def.adrelid
        JOIN pg_catalog.pg_attribute att ON att.attrelid = def.adrelid AND att.attnum = def.adnum
        WHERE seq.relkind = 'S' AND att.atttypid IN (20, 21, 23)
        UNION
        SELECT seq.oid::regclass::text, tbl.oid::regclass::text, quote_ident(att.attname)
        FROM pg_catalog.pg_class seq
        JOIN pg_catalog.pg_depend dep ON dep.objid = seq.oid AND dep.classid = 'pg_catalog.pg_class'::regclass
            AND dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.deptype IN ('a', 'i')
        JOIN pg_catalog.pg_class tbl ON tbl.oid = dep.refobjid
        JOIN pg_catalog.pg_attribute att ON att.attrelid = tbl.oid AND att.attnum = dep.refobjsubid
        WHERE seq.relkind = 'S' AND tbl.relkind IN ('r', 'p') AND att.atttypid IN (20, 21, 23)
        ORDER BY 1, 2, 3
        """

    /// Runs the catch-up; returns how many sequences were moved.
    @discardableResult
    static func run(on connection: PostgresConnection) throws -> Int {
        var moved = 0
        do {
            let feeds = try connection.execute(feedingColumnsQuery)
            for row in 0..<feeds.rowCount {
                guard let sequence = feeds.value(row: row, column: 0), let table = feeds.value(row: row, column: 1),
                    let column = feeds.value(row: row, column: 2)
                else { continue }
                // setval only when the column's maximum reaches the sequence's next value.
                let result = try connection.execute(
                    """
                    SELECT pg_catalog.setval($1::regclass, m.value::bigint, true)
                    FROM (SELECT max(\(column))::numeric AS value FROM \(table)) m,
                         (SELECT last_value, is_called FROM \(sequence)) s
                    WHERE m.value IS NOT NULL
                      AND (m.value > s.last_value OR (m.value = s.last_value AND NOT s.is_called))
                    """, parameters: [sequence])
                moved += result.rowCount
            }
        } catch let error as PostgresError {
            throw VeilError(.target, "cannot move the target's sequences past the copied ids: \(error.message)")
        }
        return moved
    }
}
