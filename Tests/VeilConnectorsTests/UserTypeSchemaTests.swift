import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// Enum, composite, range and domain types, and partition keys, reach the schema from dumps and live databases.
@Suite("user types and partition keys in the schema")
struct UserTypeSchemaTests {
    static let ddl = """
        CREATE TYPE public.mood AS ENUM (
            'happy',
            'it''s ok'
        );
        CREATE TYPE public.address AS (
            street text,
            city text
        );
        CREATE TYPE public.floatrange AS RANGE (
            subtype = double precision
        );
        CREATE DOMAIN public.short_code AS character varying(8)
            CONSTRAINT short_code_check CHECK ((char_length((VALUE)::text) >= 2));
        CREATE DOMAIN public.corp_email AS text
            CONSTRAINT corp_email_check CHECK ((VALUE ~~ '%@corp.example'::text));
        CREATE TABLE public.events (
            id integer NOT NULL,
            region text NOT NULL,
            feeling public.mood,
            home public.address,
            span public.floatrange,
            code public.short_code,
            contact public.corp_email
        )
        PARTITION BY LIST (region);
        """

    static func check(_ schema: DatabaseSchema) throws {
        #expect(
            schema.userType(named: "public.mood", defaultSchema: "public")?.kind
                == .enumeration(labels: ["happy", "it's ok"]))
        #expect(
            schema.userType(named: "mood", defaultSchema: "public")?.kind == .enumeration(labels: ["happy", "it's ok"]))
        #expect(
            schema.userType(named: "mood[]", defaultSchema: "public")?.name == TableName(schema: "public", name: "mood")
        )
        #expect(schema.userType(named: "public.address", defaultSchema: "public")?.kind == .composite)
        #expect(schema.userType(named: "floatrange", defaultSchema: "public")?.kind == .range)
        #expect(schema.userType(named: "text", defaultSchema: "public") == nil)
        let code = try #require(schema.userType(named: "public.short_code", defaultSchema: "public"))
        guard case .domain(let base, let checks) = code.kind else {
            Issue.record("short_code is not a domain")
            return
        }
        #expect(base == "character varying(8)")
        #expect(checks.map(\.name) == ["short_code_check"])
        let predicate = try #require(checks.first?.predicate(column: "code"))
        #expect(predicate.admits("a") == false)
        #expect(predicate.admits("abc") == true)
        let email = try #require(schema.userType(named: "corp_email", defaultSchema: "public"))
        guard case .domain(_, let emailChecks) = email.kind else { return }
        #expect(emailChecks.count == 1 && emailChecks[0].predicate(column: "contact") == nil)
        #expect(schema[publicTable("events")]?.partitionKey == ["region"])
    }

    @Test("a dump's CREATE TYPE and CREATE DOMAIN, and PARTITION BY")
    func fromDump() throws {
        let directory = TemporaryDirectory("veil-user-types")
        let dump = directory.write(Self.ddl + "\n" + pgDumpTrailer, to: "types.sql")
        try Self.check(try PgDumpReader(path: dump).schema())
    }

    @Test("a live database reports the same", .enabled(if: TestPostgres.isAvailable, "needs VEIL_TEST_PG"))
    func fromLiveDatabase() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_user_types")
        defer { TestPostgres.dropDatabase(database) }
        _ = try TestPostgres.psql(database: database, Self.ddl)
        let live = try PostgresReader(conninfo: TestPostgres.url(database: database), connections: 1, batchSize: 100)
        try Self.check(try live.schema())
    }
}
