import Foundation
import Testing
import VeilTestSupport

/// `veil users disable` and `veil users role` end the account's open sessions at once — on every `veil serve`
/// sharing the vault, not only the one that would hear of it: two real servers on one vault (SQLite, PostgreSQL),
/// staff logged in to both with `veil login`, the change made from the command line. A change undone (enabled
/// again, the old role given back) does not revive a session either.
@Suite("Disabling or changing a role ends sessions end to end", .serialized)
struct SessionEndEndToEndTests {
    typealias Setup = ServeEndToEndTests.Setup

    @Test("SQLite vault: disable and role change end sessions on both servers")
    func sqlite() throws {
        try Self.sessionsEnd(try Setup())
    }

    @Test(
        "PostgreSQL vault: disable and role change end sessions on both servers", .enabled(if: TestPostgres.isAvailable)
    )
    func postgres() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_sessions_e2e")
        defer { TestPostgres.dropDatabase(database) }
        try Self.sessionsEnd(try Setup(vault: TestPostgres.url(database: database)))
    }

    static func sessionsEnd(_ setup: Setup) throws {
        let servers = [try setup.serve(), try setup.serve()]
        defer { for server in servers { server.stop() } }
        let ca = setup.scenario.directory.file("ca.crt")
        func sessionFile(_ name: String, _ server: Int) -> String {
            setup.scenario.directory.file("\(name)-\(server).session")
        }
        /// `veil login` of `name` to server `index`, with the code of `offset` seconds from now (each login needs a
        /// newer step).
        func login(_ name: String, _ index: Int, offset: TimeInterval) throws {
            let account = setup.accounts[name]!
            let outcome = try VeilBinary.run(
                [
                    "login", "--server", servers[index].url, "--user", name, "--otp",
                    try account.code(at: Date().addingTimeInterval(offset)), "--ca-file", ca,
                ],
                environment: ["VEIL_API_KEY": account.apiKey, "VEIL_SESSION_FILE": sessionFile(name, index)])
            try #require(outcome.status == 0, "\(outcome.standardError)")
        }
        func detokenize(_ name: String, _ index: Int, domain: String, tokens: [String]) throws -> ProcessOutcome {
            try VeilBinary.run(
                [
                    "detokenize", "--server", servers[index].url, "--domain", domain, "--reason", "ticket 99",
                    "--ca-file", ca,
                ] + tokens,
                environment: ["VEIL_SESSION_FILE": sessionFile(name, index)])
        }
        let emails = Array(setup.tokens.prefix(2))
        let phones = Array(
            try DumpValues.values(
                in: setup.scenario.directory.file("masked.sql"), table: "public.address", columns: ["phone"]
            ).prefix(2))
        for (name, domain, tokens) in [("alice", "person.email", emails), ("bob", "person.phone", phones)] {
            try login(name, 0, offset: 0)
            try login(name, 1, offset: 30)
            for index in 0..<2 {
                let answer = try detokenize(name, index, domain: domain, tokens: tokens)
                #expect(answer.status == 0, "\(name) on server \(index): \(answer.standardError)")
            }
        }

        // alice is disabled from the command line: her sessions end on both servers at once.
        #expect(try setup.scenario.veil(["users", "disable", setup.profile, "alice"]).status == 0)
        for index in 0..<2 {
            let refused = try detokenize("alice", index, domain: "person.email", tokens: emails)
            #expect(refused.status == 77, "server \(index): \(refused.standardOutput)")
            #expect(refused.standardError.contains("disabled"), "\(refused.standardError)")
            #expect(!refused.standardOutput.contains("@"))
        }

        // bob (billing, person.phone) is moved to support: his billing session ends at once. Moved back to billing,
        // his session on the other server — which saw no request meanwhile — has ended too.
        #expect(try setup.scenario.veil(["users", "role", setup.profile, "bob", "--role", "support"]).status == 0)
        let moved = try detokenize("bob", 0, domain: "person.phone", tokens: phones)
        #expect(moved.status == 77, "\(moved.standardOutput)")
        #expect(moved.standardError.contains("role changed"), "\(moved.standardError)")
        #expect(try setup.scenario.veil(["users", "role", setup.profile, "bob", "--role", "billing"]).status == 0)
        let movedBack = try detokenize("bob", 1, domain: "person.phone", tokens: phones)
        #expect(movedBack.status == 77, "\(movedBack.standardOutput)")
        #expect(movedBack.standardError.contains("was changed"), "\(movedBack.standardError)")
        // Ended means ended: enabling alice again does not revive her old sessions.
        #expect(try setup.scenario.veil(["users", "enable", setup.profile, "alice"]).status == 0)
        #expect(try detokenize("alice", 0, domain: "person.email", tokens: emails).status == 77)
        #expect(try detokenize("alice", 1, domain: "person.email", tokens: emails).status == 77)

        for server in servers { server.stop() }
        let log = try String(contentsOfFile: setup.scenario.directory.file("audit.log"), encoding: .utf8)
        let denials = log.split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["event"] as? String == "denial"
            else { return nil }
            return (object["details"] as? [String: String])?["why"]
        }
        #expect(denials.filter { $0 == "account disabled" }.count == 2, "\(denials)")
        #expect(denials.filter { $0 == "role changed" }.count == 1, "\(denials)")
        #expect(denials.filter { $0 == "account changed" }.count == 1, "\(denials)")
        let verified = try setup.scenario.veil(["audit", "verify", setup.profile])
        #expect(verified.status == 0, "\(verified.standardError)")
    }
}
