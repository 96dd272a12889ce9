import Foundation
import Testing
import VeilTestSupport

/// Bad input gets a clear error, the documented exit code, no value in the message, and no output.
@Suite("Failures end to end")
struct FailureEndToEndTests {
    static let shop = PackagePaths.fixture("shop/prod.sql")

    /// A scenario with a key store already initialised for the shop profile.
    private func prepared(tables: String? = nil, source: String = shop) throws -> (Scenario, String) {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(base: "shop.yaml", source: source, tables: tables)
        let initialize = try scenario.veil(["keys", "init", profile])
        #expect(initialize.status == 0, "\(initialize.standardError)")
        return (scenario, profile)
    }

    @Test("a truncated dump exits 66 with its line, and leaves no output file")
    func truncatedDump() throws {
        let text = try String(contentsOfFile: Self.shop, encoding: .utf8)
        let cut = text.range(of: "COPY public.orders")!.upperBound
        let scenario = Scenario()
        let truncated = scenario.directory.write(String(text[..<cut]) + " (id) FROM stdin;\n1\n2\n", to: "cut.sql")
        let profile = try scenario.writeProfile(base: "shop.yaml", source: truncated)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let metrics = scenario.directory.file("veil.prom")
        let run = try scenario.veil(["run", profile, "--metrics", metrics])
        #expect(run.status == 66, "\(run.standardError)")
        #expect(run.standardError.contains("line"))
        let prometheus = try String(contentsOfFile: metrics, encoding: .utf8)
        #expect(prometheus.contains("veil_run_success 0\n"))
        #expect(prometheus.contains("veil_run_exit_code 66\n"))
        #expect(!scenario.exists("masked.sql"))
        #expect(scenario.files().filter { $0.contains("masked") }.isEmpty)
    }

    @Test("an unreviewed column exits 3 naming schema.table.column, before writing anything")
    func unreviewedColumn() throws {
        let original = try String(contentsOfFile: PackagePaths.profile("shop.yaml"), encoding: .utf8)
        var tables = String(original[original.range(of: "\ntables:")!.lowerBound...])
        tables = tables.replacingOccurrences(of: "      phone: fake.phone\n", with: "")
        tables = tables.replacingOccurrences(of: "      status: keep\n", with: "")
        let (scenario, profile) = try prepared(tables: tables)
        let run = try scenario.veil(["run", profile])
        #expect(run.status == 3, "\(run.standardError)")
        #expect(run.standardError.contains("public.customers.phone"))
        #expect(run.standardError.contains("public.orders.status"))
        #expect(!scenario.exists("masked.sql"))

        let check = try scenario.veil(["check", profile])
        #expect(check.status == 3)
        #expect(check.standardError.contains("public.customers.phone"))
    }

    @Test("an fpe value with too few alphabet characters (short: error) exits 66 naming table, column, row")
    func shortFpeValue() throws {
        let original = try String(contentsOfFile: PackagePaths.profile("shop.yaml"), encoding: .utf8)
        var tables = String(original[original.range(of: "\ntables:")!.lowerBound...])
        // Postcodes like "LS2 2AB" hold 2-3 digits: far fewer than 10^6 possibilities.
        tables = tables.replacingOccurrences(
            of: "postcode: fake.postcode", with: "postcode: { rule: fpe, short: error }")
        let (scenario, profile) = try prepared(tables: tables)
        let run = try scenario.veil(["run", profile])
        #expect(run.status == 66, "\(run.standardError)")
        #expect(run.standardError.contains("public.customers.postcode"))
        #expect(run.standardError.contains("row "))
        #expect(!run.standardError.contains("LS"))
        #expect(!scenario.exists("masked.sql"))
    }

    @Test("a wrong passphrase or a missing key store exits 77 and writes nothing")
    func lockedKeyStore() throws {
        let (scenario, profile) = try prepared()
        let wrong = try scenario.veil(["run", profile], environment: ["VEIL_PASSPHRASE": "wrong passphrase!"])
        #expect(wrong.status == 77, "\(wrong.standardError)")
        #expect(wrong.standardError.contains("locked"))
        #expect(!wrong.standardError.contains("wrong passphrase!"))
        #expect(!scenario.exists("masked.sql"))

        let missing = Scenario()
        let other = try missing.writeProfile(base: "shop.yaml", source: Self.shop)
        let run = try missing.veil(["run", other])
        #expect(run.status == 77)
        #expect(run.standardError.contains("not found"))
        #expect(!missing.exists("masked.sql"))
        #expect(!missing.exists("keys"))
    }

    @Test("a target that is the source is refused with exit 73")
    func targetIsSource() throws {
        let (scenario, profile) = try prepared()
        let run = try scenario.veil(["run", profile, "--target", Self.shop])
        #expect(run.status == 73, "\(run.standardError)")
    }

    @Test("the shop dump masks cleanly: no original email, phone, SSN or card; large object dropped")
    func shopMasks() throws {
        let (scenario, profile) = try prepared()
        let metrics = scenario.directory.file("veil.prom")
        let run = try scenario.veil(["run", profile, "--metrics", metrics])
        #expect(run.status == 0, "\(run.standardError)")
        let prometheus = try String(contentsOfFile: metrics, encoding: .utf8)
        #expect(prometheus.contains("veil_run_success 1\n"))
        #expect(prometheus.contains("veil_table_rows{table=\"public.customers\"} 240\n"))
        let output = try ByteHaystack(contentsOf: scenario.directory.file("masked.sql"))
        let originals = try DumpValues.values(
            in: Self.shop, table: "public.customers",
            columns: ["email", "phone", "ssn", "card_number", "street_address", "notes"])
        #expect(originals.count > 1000)
        let leaked = originals.filter { $0.count >= 8 && output.contains($0) }
        #expect(leaked.isEmpty, "\(leaked.count) originals survived, e.g. \(leaked.prefix(3))")
        #expect(!output.contains("lo_create"))
        #expect(output.contains("INSERT INTO login_events (customer_id, ip, at)"))  // function body untouched
        let logins = try DumpValues.values(
            in: scenario.directory.file("masked.sql"), table: "public.login_events",
            columns: ["ip"])
        #expect(logins.isEmpty)
    }
}
