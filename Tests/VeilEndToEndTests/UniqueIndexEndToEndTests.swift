import Foundation
import Testing
import VeilTestSupport

/// A dump whose uniqueness lives in `CREATE UNIQUE INDEX` (plain, partial, expression) rather than in constraints:
/// `veil check` refuses a lossy rule on a column an index keeps distinct, names the indexes it cannot evaluate,
/// and the `veil scan` skeleton, accepted as written, gives a copy that restores with `ON_ERROR_STOP`.
@Suite("unique indexes end to end")
struct UniqueIndexEndToEndTests {
    static let rowCount = 300

    /// A plain dump of `public.users`: usernames drawn from a few first names (so a lossy rule would repeat them),
    /// a unique index on each of username, lower(email) and, for active users, nickname.
    static func dump() -> String {
        let names = ["ann", "bob", "cho", "dana", "emil", "fay", "gus", "hana"]
        var rows: [String] = []
        for id in 1...rowCount {
            let name = names[id % names.count]
            let username = "\(name).\(id)"
            rows.append(
                "\(id)\t\(username)\t\(name).\(id)@example.org\t\(name)\(id / names.count)\t\(id % 2 == 0 ? "t" : "f")")
        }
        return """
            --
            -- PostgreSQL database dump
            --

            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;

            CREATE TABLE public.users (
                id integer NOT NULL,
                username text NOT NULL,
                email text,
                nickname text,
                active boolean
            );

            COPY public.users (id, username, email, nickname, active) FROM stdin;
            \(rows.joined(separator: "\n"))
            \\.

            ALTER TABLE ONLY public.users
                ADD CONSTRAINT users_pkey PRIMARY KEY (id);

            CREATE UNIQUE INDEX users_username_key ON public.users USING btree (username);

            CREATE UNIQUE INDEX users_lower_email ON public.users USING btree (lower(email));

            CREATE UNIQUE INDEX users_active_nickname ON public.users USING btree (nickname) WHERE active;

            --
            -- PostgreSQL database dump complete
            --

            """
    }

    @Test("check refuses lossy rules on index-unique columns, naming the index; warns on the expression index")
    func checkNamesTheIndexes() throws {
        let scenario = Scenario()
        let dump = scenario.directory.write(Self.dump(), to: "users.sql")
        let lossy = try scenario.writeProfile(
            base: "shop.yaml", source: dump,
            tables: """

                tables:
                  public.users:
                    columns:
                      id: keep
                      username: fake.username
                      email: email
                      nickname: fake.first_name
                      active: keep
                """)
        let refused = try scenario.veil(["check", lossy])
        #expect(refused.status == 3, "\(refused.standardOutput)\(refused.standardError)")
        #expect(refused.standardError.contains("public.users.username is a unique key"), "\(refused.standardError)")
        #expect(
            refused.standardError.contains(
                "public.users.nickname is read alone by the partial unique index users_active_nickname"),
            "\(refused.standardError)")

        let bijective = try scenario.writeProfile(
            named: "bijective.yaml", base: "shop.yaml", source: dump,
            tables: """

                tables:
                  public.users:
                    columns:
                      id: keep
                      username: { rule: hmac, format: alnum, length: 16, unique: true }
                      email: email
                      nickname: { rule: hmac, format: alnum, length: 16, unique: true }
                      active: keep
                """)
        let accepted = try scenario.veil(["check", bijective])
        #expect(accepted.status == 0, "\(accepted.standardError)")
        #expect(
            accepted.standardOutput.contains(
                "warning: public.users.email (email) is read by the unique expression index users_lower_email"),
            "\(accepted.standardOutput)")
    }

    @Test(
        "the scan skeleton, accepted as written, masks to a copy that restores with every row",
        .enabled(if: TestPostgres.isAvailable, "needs VEIL_TEST_PG"))
    func skeletonRestores() throws {
        let scenario = Scenario()
        scenario.directory.write(Self.dump(), to: "users.sql")
        let yaml = try ScanEndToEndTests.scanCheckAndRun(
            scenario, source: "users.sql", output: "out/users-masked.sql")
        let username = try #require(ScanEndToEndTests.rule(yaml, table: "users", column: "username"))
        #expect(!username.hasPrefix("fake.") || username.contains("unique: true"), "\(username)")
        let database = try TestPostgres.createDatabase(prefix: "veil_unique_index")
        defer { TestPostgres.dropDatabase(database) }
        let restored = try TestPostgres.restore(scenario.directory.file("out/users-masked.sql"), into: database)
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(try TestPostgres.psql(database: database, "SELECT count(*) FROM public.users") == "\(Self.rowCount)")
    }
}
