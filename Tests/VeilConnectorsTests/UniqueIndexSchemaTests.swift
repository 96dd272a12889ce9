import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// `CREATE UNIQUE INDEX` makes a unique key in a dump as in a live database: plain ones join `uniqueKeys`,
/// partial and expression ones are recorded as such, with the columns they read.
@Suite("unique indexes in the schema")
struct UniqueIndexSchemaTests {
    /// The DDL of a table with one index of each kind (the post-data part as pg_dump 15 writes it).
    static let tableDDL = """
        CREATE TABLE public.users (
            id integer NOT NULL,
            username text NOT NULL,
            email text,
            nickname text,
            tenant integer,
            active boolean
        );
        """

    static let indexDDL = """
        ALTER TABLE ONLY public.users
            ADD CONSTRAINT users_pkey PRIMARY KEY (id);
        CREATE UNIQUE INDEX users_username_key ON public.users USING btree (username);
        CREATE UNIQUE INDEX users_lower_email ON public.users USING btree (lower(email));
        CREATE UNIQUE INDEX users_active_nickname ON public.users USING btree (nickname) WHERE active;
        CREATE UNIQUE INDEX users_tenant_nick ON public.users USING btree (tenant, lower(nickname) COLLATE "C" DESC);
        CREATE UNIQUE INDEX "Users Covering" ON ONLY public.users USING btree (tenant int4_ops DESC) INCLUDE (email);
        CREATE INDEX users_email_plain ON public.users USING btree (email);
        """

    static let expectedLimited: Set<LimitedUniqueIndex> = [
        LimitedUniqueIndex(name: "users_lower_email", columns: ["email"], isPartial: false, hasExpressions: true),
        LimitedUniqueIndex(
            name: "users_active_nickname", columns: ["nickname"], isPartial: true, hasExpressions: false),
        LimitedUniqueIndex(
            name: "users_tenant_nick", columns: ["tenant", "nickname"], isPartial: false, hasExpressions: true),
    ]

    static func check(_ users: TableSchema) {
        #expect(users.primaryKey == ["id"])
        #expect(Set(users.uniqueKeys) == [["username"], ["tenant"]])
        #expect(Set(users.limitedUniqueIndexes) == expectedLimited)
        #expect(users.mustStayDistinct("username") && users.mustStayDistinct("nickname"))
        #expect(users.mustStayDistinct("email"))
        #expect(!users.isUnique("email") && !users.isUnique("nickname"))
        #expect(users.uncheckedUniqueIndexes(reading: "email").map(\.name) == ["users_lower_email"])
        #expect(users.uncheckedUniqueIndexes(reading: "nickname").map(\.name) == ["users_tenant_nick"])
    }

    @Test("a dump's unique indexes: plain ones are keys, partial and expression ones are named with their columns")
    func fromDump() throws {
        let directory = TemporaryDirectory("veil-unique-index")
        let dump = directory.write(
            Self.tableDDL + "\n\nCOPY public.users (id, username, email, nickname, tenant, active) FROM stdin;\n"
                + "1\tann\tann@example.com\ta\t1\tt\n\\.\n\n" + Self.indexDDL + "\n" + pgDumpTrailer,
            to: "users.sql")
        Self.check(try #require(try PgDumpReader(path: dump).schema()[publicTable("users")]))
    }

    @Test(
        "a live database reports the same unique indexes as the dump",
        .enabled(if: TestPostgres.isAvailable, "needs VEIL_TEST_PG"))
    func fromLiveDatabase() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_unique_index")
        defer { TestPostgres.dropDatabase(database) }
        _ = try TestPostgres.psql(database: database, Self.tableDDL + "\n" + Self.indexDDL)
        let live = try PostgresReader(conninfo: TestPostgres.url(database: database), connections: 1, batchSize: 100)
        Self.check(try #require(try live.schema()[publicTable("users")]))
    }
}
