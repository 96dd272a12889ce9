import Foundation
import Testing
import VeilTestSupport

/// Administrative commands write their audit entry before their change: with an audit log that cannot be written,
/// `keys rotate | retire | rewrap`, `users add | disable | enable | role | seal` and `vault backup | forget` change
/// nothing and exit 77.
@Suite("Audit first end to end", .serialized)
struct AuditFirstEndToEndTests {
    static let dump = PackagePaths.fixture("shop/prod.sql")

    @Test("with an unwritable audit log every admin command exits 77 and changes nothing")
    func unwritableAuditLog() throws {
        let scenario = Scenario()
        let policy = scenario.directory.write(
            "roles:\n  support: { domains: [person.email], tokens_per_request: 20, tokens_per_day: 200 }\n"
                + "  billing: { domains: [card], tokens_per_request: 5, tokens_per_day: 10 }\n",
            to: "policy.yaml")
        let base = try String(contentsOfFile: PackagePaths.profile("shop.yaml"), encoding: .utf8)
        let tables = String(base[base.range(of: "\ntables:")!.lowerBound...]).replacingOccurrences(
            of: "email: { rule: fake.email, unique: true }", with: "email: { rule: tokenize, domain: person.email }")
        func profile(named name: String, audit: String) throws -> String {
            try scenario.writeProfile(
                named: name, base: "shop.yaml", source: Self.dump, tables: tables,
                extra: """
                    vault: \(scenario.directory.file("vault.sqlite"))
                    audit: \(audit)
                    policy: \(policy)
                    """)
        }
        let good = try profile(named: "good.yaml", audit: scenario.directory.file("audit.log"))
        // The log's directory does not exist, so no entry can be written (a read-only directory or a full disk
        // behave alike; this one also holds for root, who ignores permissions).
        let broken = try profile(named: "broken.yaml", audit: scenario.directory.file("gone/audit.log"))
        for step in [
            ["keys", "init", good], ["run", good, "--quiet"], ["keys", "rotate", good],
            ["users", "add", good, "alice", "--role", "support"],
        ] {
            let outcome = try scenario.veil(step)
            try #require(outcome.status == 0, "\(step): \(outcome.standardError)")
        }
        let keysPath = scenario.directory.file("keys")
        let keys = try Data(contentsOf: URL(fileURLWithPath: keysPath))
        let users = try scenario.veil(["users", "list", good]).standardOutput
        #expect(users.hasPrefix("alice support active "))
        let original = try #require(
            try DumpValues.values(in: Self.dump, table: "public.customers", columns: ["email"]).first)

        let commands: [[String]] = [
            ["keys", "rotate", broken],
            ["keys", "retire", broken, "--below", "2"],
            ["keys", "rewrap", broken, "--new-passphrase", "env:NEW_PASSPHRASE"],
            ["users", "add", broken, "bob", "--role", "support"],
            ["users", "disable", broken, "alice"],
            ["users", "role", broken, "alice", "--role", "billing"],
            ["users", "seal", broken],
            ["vault", "backup", broken, scenario.directory.file("backup.sqlite")],
            ["vault", "forget", broken, "--domain", "person.email"],
        ]
        for command in commands {
            let outcome = try scenario.veil(
                command, environment: ["NEW_PASSPHRASE": "a new passphrase for the store"], input: original + "\n")
            #expect(outcome.status == 77, "\(command[0]) \(command[1]): \(outcome.standardError)")
            #expect(outcome.standardError.contains("audit"), "\(command[0]) \(command[1]): \(outcome.standardError)")
            // Nothing changed.
            #expect(try Data(contentsOf: URL(fileURLWithPath: keysPath)) == keys, "\(command[0]) \(command[1])")
            #expect(try scenario.veil(["users", "list", good]).standardOutput == users, "\(command[0]) \(command[1])")
            #expect(!scenario.exists("backup.sqlite"), "\(command[0]) \(command[1])")
        }
        // The mapping `forget` was asked to erase is still there: erasing it through the good profile finds it.
        let forget = try scenario.veil(["vault", "forget", good, "--domain", "person.email"], input: original + "\n")
        #expect(forget.status == 0, "\(forget.standardError)")
        #expect(forget.standardOutput.contains("erased 1 of 1 mappings"), "\(forget.standardOutput)")
        #expect(!scenario.files().contains { $0.contains(".tmp-") || $0.contains("veil-tmp") })
        #expect(try scenario.veil(["audit", "verify", good]).status == 0)
    }
}
