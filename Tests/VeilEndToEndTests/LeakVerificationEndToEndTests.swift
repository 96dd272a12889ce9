import Foundation
import Testing
import VeilTestSupport

/// `veil verify` and the leak check at the end of `veil run`, with the real binary on the bundled shop dump.
@Suite("Leak verification end to end")
struct LeakVerificationEndToEndTests {
    static let shop = PackagePaths.fixture("shop/prod.sql")
    /// The first customer's original email in the fixture.
    static let originalEmail = "michael.martinez1@post.example"

    /// Replaces one field of the first row of a table's COPY block in a plain dump (the test's own edit).
    static func plant(_ value: String, in file: String, table: String, field: Int) throws {
        var lines = try String(contentsOfFile: file, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("COPY \(table) (") })
        var fields = lines[header + 1].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        fields[field] = value
        lines[header + 1] = fields.joined(separator: "\t")
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
    }

    static func reportJSON(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The shop profile's tables, as bundled.
    static func shopTables() throws -> String {
        let original = try String(contentsOfFile: PackagePaths.profile("shop.yaml"), encoding: .utf8)
        return String(original[original.range(of: "\ntables:")!.lowerBound...])
    }

    @Test("a clean masked output verifies clean; one planted original email is found exactly once, never printed")
    func cleanThenPlanted() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: Self.shop, tables: try Self.shopTables(), extra: "leak_check: fail")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let runReport = scenario.directory.file("run.json")
        let run = try scenario.veil(["run", profile, "--quiet", "--report", runReport])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try Self.reportJSON(runReport)["leaksFound"] as? Int == 0)

        let clean = try scenario.veil(["verify", profile])
        #expect(clean.status == 0, "\(clean.standardOutput)\(clean.standardError)")
        #expect(clean.standardOutput.contains("no leak"))

        let output = scenario.directory.file("masked.sql")
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains(Self.originalEmail) == false)
        // The first customer's `notes` (masked by `null`) now mentions their original email.
        try Self.plant(
            "Prefers email contact at \(Self.originalEmail)", in: output, table: "public.customers", field: 12)
        let verifyReport = scenario.directory.file("verify.json")
        let planted = try scenario.veil(["verify", profile, "--report", verifyReport])
        #expect(planted.status == 2)
        #expect(planted.standardOutput.contains("public.customers.notes: 1 field(s)"))
        let json = try Self.reportJSON(verifyReport)
        #expect(json["leaksFound"] as? Int == 1)
        #expect(json["leaks"] as? [String: Int] == ["public.customers.notes": 1])
        for text in [
            planted.standardOutput, planted.standardError, try String(contentsOfFile: verifyReport, encoding: .utf8),
        ] {
            #expect(!text.contains(Self.originalEmail))
            #expect(!text.contains("michael.martinez1"))
        }
    }

    /// Keeping `payments.card_number` while `customers.card_number` is masked copies 444 customers' original card
    /// numbers into the output (the fixture's notes only mention variants of the emails, so they would not do).
    static func keptCardsProfile(_ scenario: Scenario, extra: String = "") throws -> String {
        let tables = try Self.shopTables()
            .replacingOccurrences(
                of: "      card_number: { rule: card, domain: card }\n      amount: keep",
                with: "      card_number: keep\n      amount: keep")
        #expect(tables.contains("card_number: keep"))
        return try scenario.writeProfile(base: "shop.yaml", source: Self.shop, tables: tables, extra: extra)
    }

    @Test("a run whose profile keeps a copy of masked originals fails with exit 2 and publishes no output")
    func runFailsOnLeak() throws {
        let scenario = Scenario()
        let profile = try Self.keptCardsProfile(scenario, extra: "leak_check: fail")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let report = scenario.directory.file("run.json")
        let run = try scenario.veil(["run", profile, "--quiet", "--report", report])
        #expect(run.status == 2, "\(run.standardError)")
        #expect(run.standardError.contains("public.payments.card_number"))
        #expect(!scenario.exists("masked.sql"))
        #expect(scenario.files().allSatisfy { !$0.contains("masked") })
        let json = try Self.reportJSON(report)
        #expect(json["status"] as? String == "leak")
        #expect((json["leaks"] as? [String: Int])?["public.payments.card_number"] == 444)
        #expect(!run.standardError.contains("4811380843449890"))
    }

    /// The run fills its filter before masking and scans each batch as it is masked, so a value must be found even
    /// where the output holding it is written before the source row it comes from is read.
    @Test("a run finds an original planted in a kept table that comes before its source table in the dump")
    func runFindsLeakAheadOfItsSource() throws {
        let scenario = Scenario()
        let source = scenario.directory.file("prod.sql")
        try FileManager.default.copyItem(atPath: Self.shop, toPath: source)
        // The last customer's original email, read from the dump (customers follow countries in it).
        let lines = try String(contentsOfFile: source, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("COPY public.customers (") })
        let end = try #require(lines[header...].firstIndex(of: "\\."))
        let email = lines[end - 1].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)[3]
        try #require(email.contains("@"))
        try Self.plant("Germany, see \(email)", in: source, table: "public.countries", field: 1)
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: source, tables: try Self.shopTables(), extra: "leak_check: fail")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let report = scenario.directory.file("run.json")
        let run = try scenario.veil(["run", profile, "--quiet", "--report", report])
        #expect(run.status == 2, "\(run.standardError)")
        #expect(!scenario.exists("masked.sql"))
        #expect(try Self.reportJSON(report)["leaks"] as? [String: Int] == ["public.countries.name": 1])
        #expect(!run.standardError.contains(email))
    }

    @Test("with leak_check: warn the same run succeeds, and its report counts the leaks")
    func runWarnsOnLeak() throws {
        let scenario = Scenario()
        let profile = try Self.keptCardsProfile(scenario, extra: "leak_check: warn")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let report = scenario.directory.file("run.json")
        let run = try scenario.veil(["run", profile, "--report", report])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(scenario.exists("masked.sql"))
        let json = try Self.reportJSON(report)
        #expect(json["leaksFound"] as? Int == 444)
        #expect((run.standardOutput + run.standardError).contains("leak check: 444 leaked field(s)"))
    }

    @Test("with leak_check: off the run does not check: it succeeds and its report says leaksFound null")
    func runUnchecked() throws {
        let scenario = Scenario()
        let profile = try Self.keptCardsProfile(scenario, extra: "leak_check: off")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let report = scenario.directory.file("run.json")
        let run = try scenario.veil(["run", profile, "--quiet", "--report", report])
        #expect(run.status == 0, "\(run.standardError)")
        let json = try Self.reportJSON(report)
        #expect(json["leaksFound"] == nil)
        #expect(json["rows"] as? Int ?? 0 > 0)
        // `veil verify` still finds what the unchecked run let through.
        let verify = try scenario.veil(["verify", profile])
        #expect(verify.status == 2)
        #expect(verify.standardOutput.contains("public.payments.card_number: 444 field(s)"))
    }
    /// DESIGN's definition, refined (see `LeakRole`): another row's original *equal to* a format-preserving masked
    /// value is a coincidence of one format space (at a million SSNs it is certain), not a leak; the same original in a
    /// kept column is one, and so is an output equal to its own row's original.
    @Test("another row's SSN as a masked SSN is no leak; in a kept column it is; its own row's original is")
    func equalityByRole() throws {
        let scenario = Scenario()
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: Self.shop, tables: try Self.shopTables(), extra: "leak_check: fail")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        #expect(try scenario.veil(["run", profile, "--quiet"]).status == 0)
        let output = scenario.directory.file("masked.sql")
        let secondSSN = "102-97-1802"  // the second customer's original SSN in the fixture

        try Self.plant(secondSSN, in: output, table: "public.customers", field: 5)
        let masked = try scenario.veil(["verify", profile])
        // Not a leak; but not what the profile makes of that row either (the key store recomputes it): exit 2.
        #expect(!masked.standardOutput.contains("leak:"), "\(masked.standardOutput)")
        #expect(masked.standardOutput.contains("unexpected: public.customers.ssn: 1 field(s)"))

        try Self.plant(secondSSN, in: output, table: "public.orders", field: 4)
        let kept = try scenario.veil(["verify", profile])
        #expect(kept.status == 2)
        #expect(kept.standardOutput.contains("public.orders.status: 1 field(s)"))

        try Self.plant("101-35-7598", in: output, table: "public.customers", field: 5)  // the first row's own
        let own = try scenario.veil(["verify", profile])
        #expect(own.standardOutput.contains("public.customers.ssn: 1 field(s)"), "\(own.standardOutput)")
        #expect(!(own.standardOutput + own.standardError).contains("101-35-7598"))
    }
}
