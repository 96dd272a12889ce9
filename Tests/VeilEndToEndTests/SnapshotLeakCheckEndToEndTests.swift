import Foundation
import Testing
import VeilTestSupport

/// `veil snapshot` checks its own output for leaks like `veil run` (the bundled-profile snapshots elsewhere run
/// clean under the default `leak_check: fail`).
@Suite("Snapshot leak check end to end")
struct SnapshotLeakCheckEndToEndTests {
    static let chinook = PackagePaths.fixture("chinook/Chinook_Sqlite.sqlite")

    @Test("a snapshot that keeps invoices' billing addresses while customers' are masked fails with exit 2, no file")
    func keptCopyFails() throws {
        let scenario = Scenario()
        let original = try String(contentsOfFile: PackagePaths.profile("chinook.yaml"), encoding: .utf8)
        let masked = "      BillingAddress: { rule: fake.street_address, domain: address.street }"
        try #require(original.contains(masked))
        let tables = String(original[original.range(of: "\ntables:")!.lowerBound...])
            .replacingOccurrences(of: masked, with: "      BillingAddress: keep")
        let profile = try scenario.writeProfile(
            base: "chinook.yaml", source: Self.chinook, target: "full.sqlite", tables: tables,
            extra: """
                subset:
                  Customer: "Country = 'Brazil'"
                subset_options: { include_children: true }
                """)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        for name in ["brazil.sqlite", "brazil.sql"] {
            let report = scenario.directory.file("\(name).json")
            let snapshot = try scenario.veil(
                ["snapshot", profile, "--out", scenario.directory.file(name), "--quiet", "--report", report])
            #expect(snapshot.status == 2, "\(name): \(snapshot.standardError)")
            #expect(snapshot.standardError.contains("Invoice.BillingAddress"))
            #expect(!scenario.exists(name))
            let data = try Data(contentsOf: URL(fileURLWithPath: report))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let leaks = try #require(json["leaks"] as? [String: Int])
            // The 5 Brazilian customers' invoices carry their own addresses (7 invoices each).
            #expect(leaks == ["Invoice.BillingAddress": 35], "\(name)")
            #expect(!snapshot.standardError.contains("Av. Brigadeiro Faria Lima"))
        }
    }
}
