import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilConnectors

/// The reader's checks refuse damaged text but no real pg_dump output: dumps of a database with the objects
/// whose text looks most like row data (a function body with COPY-like lines, comments with tabs and `\.`),
/// large objects, publications, policies, partitions and materialized views, made with the options that
/// change the text's shape.
@Suite(
    "pg_dump reader: real pg_dump output with every option passes",
    .enabled(if: TestPostgres.isAvailable && PostgresClientTools.executable(named: "pg_dump") != nil))
struct PgDumpRealOutputTests {
    static let schema = #"""
        CREATE SCHEMA app;
        CREATE TABLE app.people (id integer PRIMARY KEY, name text, note text);
        INSERT INTO app.people VALUES (1, E'Ann\tTab', E'line1\nline2'), (2, E'Bob\\back', NULL),
            (3, 'semi;colon', 'O''Brien'), (4, E'\\.', '');
        CREATE FUNCTION app.looks_like_data() RETURNS text LANGUAGE plpgsql AS $f$
        BEGIN
        	-- a body line that looks like COPY data:
        	RETURN E'1\tAnn\tann@example.com';
        /*
        1	Bob	bob@example.com
        \.
        */
        END;
        $f$;
        CREATE FUNCTION app.std(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a + 1; END;
        COMMENT ON TABLE app.people IS E'comment with\ttab\nand newline; and \\. marker';
        CREATE TABLE app.events (id int, at date NOT NULL, payload text) PARTITION BY RANGE (at);
        CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        INSERT INTO app.events VALUES (1, '2024-02-02', 'p1');
        CREATE MATERIALIZED VIEW app.mv AS SELECT id, name FROM app.people;
        ALTER TABLE app.people ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own ON app.people USING (name <> 'x');
        SET client_min_messages = error;
        CREATE PUBLICATION pub FOR TABLE app.people;
        SELECT lo_from_bytea(0, convert_to('large object body', 'UTF8'));
        CREATE SEQUENCE app.s;
        SELECT setval('app.s', 42);
        CREATE TABLE app.gen (id int GENERATED ALWAYS AS IDENTITY, v int, w int GENERATED ALWAYS AS (v * 2) STORED);
        INSERT INTO app.gen (v) VALUES (1), (2);
        CREATE TABLE app."Tab	Name" (x int);
        INSERT INTO app."Tab	Name" VALUES (7);
        CREATE TYPE app.mood AS ENUM ('sad', 'ok');
        CREATE DOMAIN app.pos AS int CHECK (VALUE > 0);
        CREATE VIEW app.v AS SELECT p.id, p.name FROM app.people p WHERE p.id > 1;
        CREATE INDEX ON app.people (name);
        """#

    /// pg_dump's options that change the shape of its text.
    static let variants: [[String]] = [
        [], ["--create"], ["--inserts"], ["--column-inserts", "--rows-per-insert=3"], ["--clean", "--if-exists"],
        ["--clean", "--create"], ["--verbose", "--data-only", "--disable-triggers"], ["--no-owner", "--no-acl"],
        ["--use-set-session-authorization"], ["--blobs", "--schema=app"], ["--schema-only"],
        ["--load-via-partition-root"],
    ]

    @Test("every variant reads to its end, rows intact, with and without large objects")
    func variantsRead() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_dump_real")
        defer { TestPostgres.dropDatabase(database) }
        try TestPostgres.psql(database: database, Self.schema)
        let pgDump = try #require(PostgresClientTools.executable(named: "pg_dump"))
        let directory = TemporaryDirectory()
        for (index, flags) in Self.variants.enumerated() {
            let path = directory.file("dump\(index).sql")
            let made = try ProcessRunner.run(
                pgDump, flags + ["--file=\(path)", "--dbname=\(TestPostgres.url(database: database))"])
            try #require(made.status == 0, "\(flags): \(made.standardError)")
            for keep in [false, true] {
                let reader = try PgDumpReader(path: path, options: .init(batchSize: 2, keepLargeObjects: keep))
                let items: [SourceItem]
                do {
                    items = try readAll(reader)
                } catch {
                    Issue.record("pg_dump \(flags.joined(separator: " ")) refused: \(error)")
                    continue
                }
                let people = StreamSummary.rows(of: TableName(schema: "app", name: "people"), in: items)
                if !flags.contains("--schema-only") {
                    #expect(people.count == 4, "\(flags)")
                    #expect(people.contains { $0.contains("Ann\tTab") && $0.contains("line1\nline2") }, "\(flags)")
                }
                let passthrough = StreamSummary(items).passthrough
                if !flags.contains("--data-only") {
                    #expect(passthrough.contains("1\tBob\tbob@example.com"), "\(flags): the function body")
                }
            }
        }
    }
}
