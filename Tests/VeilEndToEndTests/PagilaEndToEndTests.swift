import Foundation
import Testing
import VeilTestSupport

/// The core promise on a real dump: Pagila masked with Profiles/pagila.yaml by the `veil` binary,
/// restored into a real PostgreSQL with ON_ERROR_STOP, compared with the original.
@Suite("Pagila end to end", .serialized)
struct PagilaEndToEndTests {
    static let dump = PackagePaths.fixture("pagila/pagila-pgdump.sql")

    /// Sensitive originals: customer and staff emails, phones and street addresses.
    static func originals() throws -> [String] {
        try DumpValues.values(in: dump, table: "public.customer", columns: ["email"])
            + DumpValues.values(in: dump, table: "public.staff", columns: ["email"])
            + DumpValues.values(in: dump, table: "public.address", columns: ["phone", "address"])
    }

    @Test("masked dump holds no original email, phone or street address, in the output or the log")
    func noOriginalsAndDeterministic() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(base: "pagila.yaml", source: Self.dump)
        let initialize = try scenario.veil(["keys", "init", profile])
        #expect(initialize.status == 0, "\(initialize.standardError)")

        let first = try scenario.veil(["run", profile, "--report", scenario.directory.file("report.json")])
        #expect(first.status == 0, "\(first.standardError)")
        let output = try ByteHaystack(contentsOf: scenario.directory.file("masked.sql"))
        let log = ByteHaystack(first.standardOutput + first.standardError)
        let originals = try Self.originals()
        #expect(originals.count > 1500 + 599 + 1000)
        let leaked = originals.filter { output.contains($0) || log.contains($0) }
        #expect(leaked.isEmpty, "\(leaked.count) original values survived")

        // The report names tables and counts only.
        let report =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: scenario.directory.file("report.json")))) as? [String: Any]
        #expect(
            report?["rows"] as? Int == 16044 + 16049 + 599 + 1500 + 603 + 200 + 600 + 109 + 500 + 1000 + 5462
                + 2367 + 4581 + 6 + 16)

        // Byte-identical on a second run with the same keys.
        let second = try scenario.veil([
            "run", profile, "--target", scenario.directory.file("again.sql"), "--jobs", "1",
        ])
        #expect(second.status == 0, "\(second.standardError)")
        let again = try Data(contentsOf: URL(fileURLWithPath: scenario.directory.file("again.sql")))
        #expect(Array(again) == output.bytes)
    }

    @Test("another key store changes every keyed column")
    func keySeparation() throws {
        let one = Scenario()
        let two = Scenario()
        for scenario in [one, two] {
            let profile = try scenario.writeProfile(base: "pagila.yaml", source: Self.dump)
            #expect(try scenario.veil(["keys", "init", profile]).status == 0)
            let run = try scenario.veil(["run", profile, "--quiet"])
            #expect(run.status == 0, "\(run.standardError)")
        }
        let keyed: [(String, [String])] = [
            ("public.customer", ["first_name", "last_name", "email", "create_date"]),
            ("public.staff", ["email", "username", "password"]),
            ("public.address", ["address", "phone"]),
        ]
        for (table, columns) in keyed {
            for column in columns {
                let a = try DumpValues.values(in: one.directory.file("masked.sql"), table: table, columns: [column])
                let b = try DumpValues.values(in: two.directory.file("masked.sql"), table: table, columns: [column])
                #expect(a.count == b.count && !a.isEmpty)
                let same = zip(a, b).filter { $0 == $1 }.count
                // Rare coincidences of a fake value aside (a name list is finite).
                #expect(Double(same) < 0.05 * Double(a.count), "\(table).\(column): \(same) of \(a.count) equal")
            }
        }
    }

    @Test(
        "the masked dump restores with ON_ERROR_STOP: same row counts, every foreign key present and valid",
        .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
    func restoresIntoPostgres() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(base: "pagila.yaml", source: Self.dump)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")

        let original = try TestPostgres.createDatabase(prefix: "pagila_original")
        let masked = try TestPostgres.createDatabase(prefix: "pagila_masked")
        defer {
            TestPostgres.dropDatabase(original)
            TestPostgres.dropDatabase(masked)
        }
        let restoredOriginal = try TestPostgres.restore(Self.dump, into: original)
        #expect(restoredOriginal.status == 0, "\(restoredOriginal.standardError)")
        let restoredMasked = try TestPostgres.restore(scenario.directory.file("masked.sql"), into: masked)
        #expect(restoredMasked.status == 0, "\(restoredMasked.standardError)")

        let countsQuery = """
            SELECT string_agg(c.relname || '=' ||
                (xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM public.' || quote_ident(c.relname),
                 false, true, '')))[1]::text, ',' ORDER BY c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
            """
        let originalCounts = try TestPostgres.psql(database: original, countsQuery)
        let maskedCounts = try TestPostgres.psql(database: masked, countsQuery)
        #expect(originalCounts.contains("customer=599"))
        #expect(maskedCounts == originalCounts)

        let foreignKeys =
            "SELECT count(*) FILTER (WHERE convalidated) || '/' || count(*) FROM pg_constraint WHERE contype = 'f'"
        let originalKeys = try TestPostgres.psql(database: original, foreignKeys)
        #expect(try TestPostgres.psql(database: masked, foreignKeys) == originalKeys)
        #expect(originalKeys.hasSuffix("/\(originalKeys.split(separator: "/")[0])"))

        // Joins survive: every payment still finds its customer, and the masked emails differ.
        let orphanPayments =
            "SELECT count(*) FROM payment p LEFT JOIN customer c USING (customer_id) WHERE c.customer_id IS NULL"
        #expect(try TestPostgres.psql(database: masked, orphanPayments) == "0")
        let sameEmails = try TestPostgres.psql(
            database: masked, "SELECT count(*) FROM customer WHERE email LIKE '%@sakilacustomer.org'")
        #expect(sameEmails == "0")
    }

    @Test(
        "the --inserts dump masks to INSERT statements that restore with the same counts and masked values",
        .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
    func insertDumpRestores() throws {
        let scenario = Scenario()
        let inserts = PackagePaths.fixture("pagila/pagila-pgdump-inserts.sql")
        let profile = try scenario.writeProfile(base: "pagila.yaml", source: inserts)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let copyRun = try scenario.veil([
            "run", profile, "--quiet", "--source", Self.dump, "--target",
            scenario.directory.file("from-copy.sql"),
        ])
        #expect(copyRun.status == 0, "\(copyRun.standardError)")

        let output = try ByteHaystack(contentsOf: scenario.directory.file("masked.sql"))
        let leaked = try Self.originals().filter { output.contains($0) }
        #expect(leaked.isEmpty, "\(leaked.count) original values survived")

        let fromInserts = try TestPostgres.createDatabase(prefix: "pagila_inserts")
        let fromCopy = try TestPostgres.createDatabase(prefix: "pagila_copy")
        defer {
            TestPostgres.dropDatabase(fromInserts)
            TestPostgres.dropDatabase(fromCopy)
        }
        let restored = try TestPostgres.restore(scenario.directory.file("masked.sql"), into: fromInserts)
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(try TestPostgres.restore(scenario.directory.file("from-copy.sql"), into: fromCopy).status == 0)
        // Same keys, same values: the INSERT and COPY forms of one database mask identically.
        let digest =
            "SELECT md5(string_agg(customer_id || email || first_name || last_name || create_date, ',' ORDER BY customer_id)) FROM customer"
        #expect(try TestPostgres.psql(database: fromInserts, digest) == TestPostgres.psql(database: fromCopy, digest))
        #expect(try TestPostgres.psql(database: fromInserts, "SELECT count(*) FROM rental") == "16044")
        #expect(try TestPostgres.psql(database: fromInserts, "SELECT count(*) FROM payment") == "16049")
    }
}
