import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// Single-column CHECK constraints reach the schema from dumps and live databases alike.
@Suite("CHECK constraints in the schema")
struct CheckConstraintSchemaTests {
    static let crm = Fixture.packageRoot.appendingPathComponent("Fixtures/crm/prod.sql").path

    @Test("a pg_dump's named table constraint is recorded on its one column")
    func fromDump() throws {
        let accounts = try #require(try PgDumpReader(path: Self.crm).schema()[publicTable("accounts")])
        let salary = try #require(accounts.column(named: "salary"))
        #expect(salary.checks == [ColumnCheck(name: "accounts_salary_check", expression: "(salary > (0)::numeric)")])
        #expect(accounts.columns.filter { !$0.checks.isEmpty }.map(\.name) == ["salary"])
        let predicate = try #require(salary.checks.first?.predicate(column: "salary"))
        #expect(predicate.admits("0.00") == false)
        #expect(predicate.admits("12.50") == true)
    }

    @Test("inline and multi-column checks: inline ones attach, ones over two columns do not")
    func inlineAndMultiColumn() throws {
        let directory = TemporaryDirectory("veil-checks")
        let dump = directory.write(
            """
            CREATE TABLE public.t (
                a integer CONSTRAINT a_positive CHECK (a > 0),
                b text CHECK (char_length(b) <= 3),
                c integer,
                CONSTRAINT a_below_c CHECK ((a < c))
            );
            COPY public.t (a, b, c) FROM stdin;
            1\tab\t5
            \\.

            """ + pgDumpTrailer, to: "t.sql")
        let table = try #require(try PgDumpReader(path: dump).schema()[publicTable("t")])
        #expect(table.column(named: "a")?.checks == [ColumnCheck(name: "a_positive", expression: "a > 0")])
        #expect(table.column(named: "b")?.checks == [ColumnCheck(name: nil, expression: "char_length(b) <= 3")])
        #expect(table.column(named: "c")?.checks == [])
    }

    @Test(
        "a live database reports the same checks as the dump it was restored from",
        .enabled(if: TestPostgres.isAvailable, "needs VEIL_TEST_PG"))
    func fromLiveDatabase() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_checks")
        defer { TestPostgres.dropDatabase(database) }
        let restored = try TestPostgres.restore(Self.crm, into: database)
        try #require(restored.status == 0, "\(restored.standardError)")
        let live = try PostgresReader(conninfo: TestPostgres.url(database: database), connections: 1, batchSize: 100)
        let liveTable = try #require(try live.schema()[publicTable("accounts")])
        let dumpTable = try #require(try PgDumpReader(path: Self.crm).schema()[publicTable("accounts")])
        #expect(liveTable.column(named: "salary")?.checks == dumpTable.column(named: "salary")?.checks)
    }
}
