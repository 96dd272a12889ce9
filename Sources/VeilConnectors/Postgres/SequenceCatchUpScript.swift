/// ``SequenceCatchUp`` as SQL a dump carries: one `DO` block that moves every sequence feeding an integer column
/// past that column's largest value, run by `psql` after the rows (and post-data) of a plain dump are restored.
///
/// A live source's `pg_dump --schema-only` creates sequences at their start (their `setval` is data, which the
/// dump's rows replace), so without it the first insert into a restored snapshot would collide with a copied id.
/// Like ``SequenceCatchUp`` it only moves a sequence forward, so it never sets one below its `MINVALUE`.
public enum SequenceCatchUpScript {
    public static let sql = """

        -- Veil: move every sequence past the largest id of the column it feeds.
        DO $veil_sequences$
        DECLARE
            feed record;
        BEGIN
            FOR feed IN SELECT * FROM (\(SequenceCatchUp.feedingColumnsQuery)) AS f(seq, tbl, col) LOOP
                EXECUTE format(
                    'SELECT pg_catalog.setval(%L::regclass, m.value::bigint, true) '
                    'FROM (SELECT max(%s)::numeric AS value FROM %s) m, (SELECT last_value, is_called FROM %s) s '
                    'WHERE m.value IS NOT NULL '
                    'AND (m.value > s.last_value OR (m.value = s.last_value AND NOT s.is_called))',
                    feed.seq, feed.col, feed.tbl, feed.seq);
            END LOOP;
        END
        $veil_sequences$;

        """
}
