import Foundation
import SQLiteDriver
import Testing
import VeilTestSupport

/// Table inheritance (not partitions) into SQLite and CSV: a child with columns of its own is its own table, every
/// row lands once, and a child with its parent's columns still joins its parent's table.
@Suite(
    "table inheritance to SQLite and CSV",
    .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
struct InheritanceEndToEndTests {
    static let ddl = """
        CREATE TABLE public.contacts (id integer PRIMARY KEY, name text NOT NULL);
        CREATE TABLE public.vip_contacts (level text) INHERITS (public.contacts);
        CREATE TABLE public.old_contacts () INHERITS (public.contacts);
        INSERT INTO public.contacts VALUES (1, 'Ann Lee'), (2, 'Bob Stone');
        INSERT INTO public.vip_contacts VALUES (3, 'Cho Park', 'gold');
        INSERT INTO public.old_contacts VALUES (4, 'Dana Wu');
        """

    static let tables = """

        tables:
          public.contacts:
            columns:
              id: keep
              name: fake.full_name
          public.vip_contacts:
            columns:
              id: keep
              name: fake.full_name
              level: keep
        """

    @Test("live → SQLite and → CSV: vip_contacts is its own table, old_contacts' rows join contacts")
    func childrenWithOwnColumns() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_inherit")
        defer { TestPostgres.dropDatabase(database) }
        _ = try TestPostgres.psql(database: database, Self.ddl)
        let scenario = Scenario()
        for target in ["copy.sqlite", "csv/"] {
            let profile = try scenario.writeProfile(
                named: "p-\(target.hasSuffix("/") ? "csv" : "sqlite").yaml", base: "shop.yaml",
                source: TestPostgres.url(database: database), target: target, tables: Self.tables)
            if target == "copy.sqlite" { #expect(try scenario.veil(["keys", "init", profile]).status == 0) }
            let run = try scenario.veil(["run", profile, "--quiet"])
            #expect(run.status == 0, "\(target): \(run.standardError)")
        }
        let connection = try SQLiteConnection(path: scenario.directory.file("copy.sqlite"), mode: .readOnly)
        func rows(_ sql: String) throws -> [String] {
            let statement = try connection.prepare(sql)
            var values: [String] = []
            while let row = try statement.step() { values.append(row.text(at: 0)) }
            return values
        }
        #expect(try rows("SELECT id FROM contacts ORDER BY id") == ["1", "2", "4"])
        #expect(try rows("SELECT id || ':' || level FROM vip_contacts") == ["3:gold"])
        #expect(try rows("SELECT name FROM contacts WHERE name IN ('Ann Lee', 'Bob Stone', 'Dana Wu')").isEmpty)

        let contacts = try String(contentsOfFile: scenario.directory.file("csv/contacts.csv"), encoding: .utf8)
        let vip = try String(contentsOfFile: scenario.directory.file("csv/vip_contacts.csv"), encoding: .utf8)
        #expect(contacts.split(separator: "\n").count == 4)
        #expect(vip.split(separator: "\n").first == "id,name,level")
        #expect(vip.split(separator: "\n").count == 2 && vip.contains(",gold"))
        #expect(!contacts.contains("Ann Lee") && !vip.contains("Cho Park"))
    }
}
