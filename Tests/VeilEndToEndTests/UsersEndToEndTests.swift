import Foundation
import Testing
import VeilTestSupport

/// `veil users` from the command line: enrolment shown once, listing without secrets, disabling; all audited.
@Suite("Staff accounts end to end")
struct UsersEndToEndTests {
    /// The shop profile with a vault, an audit log and a policy of `support` and `billing`; the key store made.
    static func staffScenario() throws -> (Scenario, String) {
        let scenario = Scenario()
        let policy = scenario.directory.write(
            "roles:\n  support: { domains: [person.email], tokens_per_request: 20, tokens_per_day: 200 }\n"
                + "  billing: { domains: [card], tokens_per_request: 5, tokens_per_day: 10 }\n",
            to: "policy.yaml")
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: PackagePaths.fixture("shop/prod.sql"),
            extra: """
                vault: \(scenario.directory.file("vault.sqlite"))
                audit: \(scenario.directory.file("audit.log"))
                policy: \(policy)
                """)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        return (scenario, profile)
    }

    @Test("add prints an API key and a TOTP URI once; list shows no secret; disable; roles come from the policy")
    func enrolListDisable() throws {
        let (scenario, profile) = try Self.staffScenario()

        let added = try scenario.veil(["users", "add", profile, "alice", "--role", "support"])
        #expect(added.status == 0, "\(added.standardError)")
        let lines = added.standardOutput.split(separator: "\n").map(String.init)
        let apiKey = try #require(lines.first { $0.hasPrefix("api-key: veil_") }).dropFirst("api-key: ".count)
        let uri = try #require(lines.first { $0.hasPrefix("totp: otpauth://totp/Veil:alice?secret=") })
        #expect(uri.contains("&digits=6&period=30"))

        let list = try scenario.veil(["users", "list", profile])
        #expect(list.standardOutput.hasPrefix("alice support active "))
        #expect(!list.standardOutput.contains(apiKey))
        let vault = try Data(contentsOf: URL(fileURLWithPath: scenario.directory.file("vault.sqlite")))
        #expect(vault.range(of: Data(apiKey.utf8)) == nil, "the API key itself is never stored")

        #expect(try scenario.veil(["users", "add", profile, "alice", "--role", "support"]).status == 64)
        let unknownRole = try scenario.veil(["users", "add", profile, "bob", "--role", "admin"])
        #expect(unknownRole.status == 64)
        #expect(unknownRole.standardError.contains("no role admin"))

        #expect(try scenario.veil(["users", "disable", profile, "alice"]).status == 0)
        #expect(try scenario.veil(["users", "list", profile]).standardOutput.hasPrefix("alice support disabled "))
        let audit = try String(contentsOfFile: scenario.directory.file("audit.log"), encoding: .utf8)
        #expect(audit.contains("\"event\":\"user_add\"") && audit.contains("\"event\":\"user_disable\""))
        #expect(!audit.contains(apiKey))
        #expect(try scenario.veil(["audit", "verify", profile]).status == 0)
    }

    @Test("role, enable and seal are audited; rows written without seals are refused until `users seal`")
    func roleEnableSeal() throws {
        let (scenario, profile) = try Self.staffScenario()
        #expect(try scenario.veil(["users", "add", profile, "alice", "--role", "support"]).status == 0)
        #expect(try scenario.veil(["users", "role", profile, "alice", "--role", "billing"]).status == 0)
        #expect(try scenario.veil(["users", "role", profile, "alice", "--role", "admin"]).status == 64)
        #expect(try scenario.veil(["users", "role", profile, "nobody", "--role", "billing"]).status == 64)
        #expect(try scenario.veil(["users", "disable", profile, "alice"]).status == 0)
        #expect(try scenario.veil(["users", "enable", profile, "alice"]).status == 0)
        let list = try scenario.veil(["users", "list", profile])
        #expect(list.standardOutput.hasPrefix("alice billing active "))
        #expect(!list.standardOutput.contains("UNVERIFIED") && list.standardError.isEmpty)

        // Rows as a Veil without seals wrote them.
        let sqlite3 = try #require(ProcessRunner.which("sqlite3"), "sqlite3 is needed")
        let cleared = try ProcessRunner.run(
            sqlite3,
            [
                scenario.directory.file("vault.sqlite"),
                "UPDATE veil_staff SET seal = NULL, step_seal = NULL; DELETE FROM veil_vault WHERE name = 'staff_state'",
            ])
        try #require(cleared.status == 0, "\(cleared.standardError)")
        let legacy = try scenario.veil(["users", "list", profile])
        #expect(legacy.standardOutput.contains("alice billing active") && legacy.standardOutput.contains("UNVERIFIED"))
        #expect(legacy.standardError.contains("veil users seal"), "\(legacy.standardError)")
        let refused = try scenario.veil(["users", "add", profile, "bob", "--role", "support"])
        #expect(refused.status == 77)
        #expect(refused.standardError.contains("not sealed"), "\(refused.standardError)")

        let sealed = try scenario.veil(["users", "seal", profile])
        #expect(sealed.status == 0, "\(sealed.standardError)")
        #expect(sealed.standardOutput.contains("sealed 1 staff account"))
        let after = try scenario.veil(["users", "list", profile])
        #expect(!after.standardOutput.contains("UNVERIFIED") && after.standardError.isEmpty, "\(after.standardError)")
        #expect(try scenario.veil(["users", "add", profile, "bob", "--role", "support"]).status == 0)

        let audit = try String(contentsOfFile: scenario.directory.file("audit.log"), encoding: .utf8)
        for event in ["user_role", "user_disable", "user_enable", "user_seal"] {
            #expect(audit.contains("\"event\":\"\(event)\""), "\(event)")
        }
        #expect(try scenario.veil(["audit", "verify", profile]).status == 0)
    }
}
