import Foundation
import Testing
import VeilTestSupport

/// Schema drift: a lock beside the profile records the reviewed schema; `veil check` names every change with
/// exit 3, and `veil run` / `veil snapshot` refuse before opening keys or writing anything.
@Suite("Schema drift end to end")
struct SchemaDriftEndToEndTests {
    static let shop = PackagePaths.fixture("shop/prod.sql")

    /// The shop dump with a new column `column` (type `type`, every row `value`) appended to `table`.
    static func shopDump(adding column: String, type: String, value: String, to table: String) throws -> String {
        let text = try String(contentsOfFile: shop, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        var index = lines.firstIndex(of: "CREATE TABLE public.\(table) (")!
        while lines[index + 1] != ");" { index += 1 }
        lines[index] += ","
        lines.insert("    \(column) \(type)", at: index + 1)
        index = lines.firstIndex { $0.hasPrefix("COPY public.\(table) (") }!
        lines[index] = lines[index].replacingOccurrences(of: ") FROM stdin;", with: ", \(column)) FROM stdin;")
        index += 1
        while lines[index] != "\\." {
            lines[index] += "\t" + value
            index += 1
        }
        return lines.joined(separator: "\n")
    }

    /// A scenario whose profile reads `dump.sql` (a copy of the shop dump), with a key store and a lock.
    private func lockedShop() throws -> (Scenario, profile: String, dump: String, lock: String) {
        let scenario = Scenario()
        let dump = scenario.directory.write(try String(contentsOfFile: Self.shop, encoding: .utf8), to: "dump.sql")
        let profile = try scenario.writeProfile(base: "shop.yaml", source: dump)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let noLock = try scenario.veil(["check", profile])
        #expect(noLock.status == 0, "\(noLock.standardError)")
        #expect(noLock.standardOutput.contains("warning: no schema lock at \(scenario.directory.file("profile.lock"))"))
        let update = try scenario.veil(["check", profile, "--update-lock"])
        #expect(update.status == 0, "\(update.standardError)")
        let lock = scenario.directory.file("profile.lock")
        #expect(update.standardOutput.contains("lock: \(lock) (5 tables)"))
        return (scenario, profile, dump, lock)
    }

    @Test("a new column in a kept table: check exits 3 naming it, run refuses and writes nothing, update-lock accepts")
    func newColumnInKeptTable() throws {
        let (scenario, profile, dump, lock) = try lockedShop()
        let clean = try scenario.veil(["check", profile])
        #expect(clean.status == 0, "\(clean.standardError)")
        #expect(clean.standardOutput.contains("schema: no drift from \(lock) (5 tables)"))

        // countries is `keep`: coverage alone would let the new column through; drift does not.
        try Self.shopDump(adding: "vat_rate", type: "numeric(4,2)", value: "19.00", to: "countries")
            .write(toFile: dump, atomically: true, encoding: .utf8)
        let check = try scenario.veil(["check", profile])
        #expect(check.status == 3, "\(check.standardError)")
        #expect(check.standardError.contains("new column public.countries.vat_rate (numeric(4,2))"))
        #expect(check.standardError.contains("--update-lock"))
        #expect(!check.standardError.contains("19.00"))

        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 3, "\(run.standardError)")
        #expect(run.standardError.contains("public.countries.vat_rate"))
        // Refused before the key store is opened: a wrong passphrase is not even tried (77 would mean it was).
        let wrongKey = try scenario.veil(["run", profile], environment: ["VEIL_PASSPHRASE": "not the passphrase"])
        #expect(wrongKey.status == 3, "\(wrongKey.standardError)")
        #expect(!scenario.exists("masked.sql"))
        #expect(scenario.files().filter { $0.contains("masked") }.isEmpty)

        let accept = try scenario.veil(["check", profile, "--update-lock"])
        #expect(accept.status == 0, "\(accept.standardError)")
        #expect(try String(contentsOfFile: lock, encoding: .utf8).contains("\"name\": \"vat_rate\""))
        #expect(try scenario.veil(["check", profile]).status == 0)
        let accepted = try scenario.veil(["run", profile, "--quiet"])
        #expect(accepted.status == 0, "\(accepted.standardError)")
        #expect(scenario.exists("masked.sql"))
    }

    @Test("a new column in a masked table: update-lock refuses until the profile names it, and leaves the lock alone")
    func newColumnInMaskedTable() throws {
        let (scenario, profile, dump, lock) = try lockedShop()
        let reviewed = try Data(contentsOf: URL(fileURLWithPath: lock))
        try Self.shopDump(adding: "loyalty_tier", type: "text", value: "gold", to: "customers")
            .write(toFile: dump, atomically: true, encoding: .utf8)
        let check = try scenario.veil(["check", profile])
        #expect(check.status == 3)
        #expect(check.standardError.contains("new column public.customers.loyalty_tier (text)"))

        let premature = try scenario.veil(["check", profile, "--update-lock"])
        #expect(premature.status == 3, "\(premature.standardError)")
        #expect(premature.standardError.contains("public.customers.loyalty_tier"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: lock)) == reviewed)

        let text = try String(contentsOfFile: profile, encoding: .utf8)
        try text.replacingOccurrences(of: "      notes: null", with: "      notes: null\n      loyalty_tier: keep")
            .write(toFile: profile, atomically: true, encoding: .utf8)
        let accept = try scenario.veil(["check", profile, "--update-lock"])
        #expect(accept.status == 0, "\(accept.standardError)")
        #expect(accept.standardOutput.contains("lock: \(lock) (5 tables)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: lock)) != reviewed)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(scenario.exists("masked.sql"))
    }

    @Test("--against checks another source against the same lock")
    func against() throws {
        let (scenario, profile, _, _) = try lockedShop()
        let other = scenario.directory.write(
            try Self.shopDump(adding: "memo", type: "text", value: "x", to: "orders"), to: "other.sql")
        let check = try scenario.veil(["check", profile, "--against", other])
        #expect(check.status == 3)
        #expect(check.standardError.contains("new column public.orders.memo (text)"))
        #expect(try scenario.veil(["check", profile]).status == 0)
    }
}

/// The same against a live PostgreSQL source.
@Suite(
    "Schema drift on a live source", .serialized,
    .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
struct LiveSchemaDriftEndToEndTests {
    @Test("added, retyped and dropped: check names each with exit 3; run and snapshot refuse before writing")
    func liveDrift() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_drift")
        defer { TestPostgres.dropDatabase(database) }
        let restored = try TestPostgres.restore(PackagePaths.fixture("shop/prod.sql"), into: database)
        try #require(restored.status == 0, "\(restored.standardError)")
        let scenario = Scenario()
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: TestPostgres.url(database: database), target: "masked.sqlite")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let lock = try scenario.veil(["check", profile, "--update-lock"])
        try #require(lock.status == 0, "\(lock.standardError)")
        #expect(lock.standardOutput.contains("lock: \(scenario.directory.file("profile.lock")) (5 tables)"))
        #expect(try scenario.veil(["check", profile]).status == 0)

        try TestPostgres.psql(database: database, "ALTER TABLE public.customers ADD COLUMN loyalty_tier text")
        let added = try scenario.veil(["check", profile])
        #expect(added.status == 3, "\(added.standardError)")
        #expect(added.standardError.contains("new column public.customers.loyalty_tier (text)"))
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 3, "\(run.standardError)")
        #expect(run.standardError.contains("public.customers.loyalty_tier"))
        #expect(!scenario.exists("masked.sqlite"))
        let snapshot = try scenario.veil(["snapshot", profile, "--out", scenario.directory.file("snap.sqlite")])
        #expect(snapshot.status == 3, "\(snapshot.standardError)")
        #expect(snapshot.standardError.contains("public.customers.loyalty_tier"))
        #expect(scenario.files().filter { $0.contains("masked") || $0.contains("snap") }.isEmpty)

        try TestPostgres.psql(
            database: database,
            "ALTER TABLE public.payments ALTER COLUMN id TYPE bigint; DROP TABLE public.login_events")
        let changed = try scenario.veil(["check", profile])
        #expect(changed.status == 3)
        #expect(changed.standardError.contains("retyped column public.payments.id: integer -> bigint"))
        #expect(changed.standardError.contains("removed table public.login_events"))
        #expect(changed.standardError.contains("new column public.customers.loyalty_tier (text)"))
        #expect(changed.standardError.contains("(3 changes)"))
    }

    @Test("pagila: the bundled lock (from the dump) shows no drift against a live restore of the same dump")
    func pagilaLiveMatchesDumpLock() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_drift_pagila")
        defer { TestPostgres.dropDatabase(database) }
        let restored = try TestPostgres.restore(PackagePaths.fixture("pagila/pagila-pgdump.sql"), into: database)
        try #require(restored.status == 0, "\(restored.standardError)")
        let bundled = PackagePaths.profile("pagila.yaml")
        #expect(FileManager.default.fileExists(atPath: PackagePaths.profile("pagila.lock")))
        let live = try VeilBinary.run(["check", bundled, "--against", TestPostgres.url(database: database)])
        #expect(live.status == 0, "\(live.standardError)")
        #expect(live.standardOutput.contains("schema: no drift from \(PackagePaths.profile("pagila.lock"))"))

        // And a lock written from the live database matches the dump, the other way round.
        let scenario = Scenario()
        let profile = try scenario.writeProfile(base: "pagila.yaml", source: TestPostgres.url(database: database))
        #expect(try scenario.veil(["check", profile, "--update-lock"]).status == 0)
        let dump = try scenario.veil(["check", profile, "--against", PackagePaths.fixture("pagila/pagila-pgdump.sql")])
        #expect(dump.status == 0, "\(dump.standardError)")
        #expect(dump.standardOutput.contains("schema: no drift"))
    }
}
