import Foundation
import Testing
import VeilTestSupport

/// `veil users` from the command line: enrolment shown once, listing without secrets, disabling; all audited.
@Suite("Staff accounts end to end")
struct UsersEndToEndTests {
    @Test("add prints an API key and a TOTP URI once; list shows no secret; disable; roles come from the policy")
    func enrolListDisable() throws {
        let scenario = Scenario()
        let policy = scenario.directory.write(
            "roles:\n  support: { domains: [person.email], tokens_per_request: 20, tokens_per_day: 200 }\n",
            to: "policy.yaml")
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: PackagePaths.fixture("shop/prod.sql"),
            extra: """
                vault: \(scenario.directory.file("vault.sqlite"))
                audit: \(scenario.directory.file("audit.log"))
                policy: \(policy)
                """)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)

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
}
