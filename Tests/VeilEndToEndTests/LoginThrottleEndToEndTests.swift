import Foundation
import Testing
import VeilTestSupport

/// Brute force against `veil serve`'s login, as the review tried it: wrong TOTP codes sent at speed with a valid
/// API key, and refused logins from one client address. Two real servers on one vault (SQLite, PostgreSQL) behind
/// a "proxy" (curl setting `X-Forwarded-For` from 127.0.0.1, the trusted peer): failures are counted in the vault,
/// so both servers throttle and lock the same account; an operator unlocks it with `veil users unlock`.
@Suite("Login brute force end to end", .serialized)
struct LoginThrottleEndToEndTests {
    typealias Setup = ServeEndToEndTests.Setup
    typealias RunningServer = ServeEndToEndTests.RunningServer

    /// What one login answered: the HTTP status and the body.
    struct Answer {
        var status: Int
        var body: String
    }

    /// One `POST /v1/login` with curl over plain HTTP, optionally as forwarded for `client`.
    static func login(_ server: String, user: String, apiKey: String, code: String, client: String? = nil) throws
        -> Answer
    {
        let curl = try #require(ProcessRunner.which("curl"), "curl is needed")
        let body = try JSONSerialization.data(withJSONObject: ["user": user, "api_key": apiKey, "otp": code])
        var arguments = [
            "-s", "-w", "\n%{http_code}", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary",
            String(decoding: body, as: UTF8.self), server + "/v1/login",
        ]
        if let client { arguments += ["-H", "X-Forwarded-For: 198.18.0.1, \(client)"] }
        let outcome = try ProcessRunner.run(curl, arguments)
        let lines = outcome.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        return Answer(status: Int(lines.last ?? "") ?? 0, body: lines.dropLast().joined(separator: "\n"))
    }

    /// A 6-digit code that is none of the account's codes of the previous, current and next step.
    static func wrongCode(_ account: ServeEndToEndTests.Account) throws -> String {
        let now = Date()
        let valid = try Set(
            [-60, -30, 0, 30, 60].map { try account.code(at: now.addingTimeInterval(TimeInterval($0))) })
        return (0..<1000).map { String(format: "%06d", $0 * 7919 % 1_000_000) }.first { !valid.contains($0) }!
    }

    /// `veil serve` on plain HTTP (loopback), believing `X-Forwarded-For` from 127.0.0.1 when `behindProxy`.
    static func serve(_ setup: Setup, behindProxy: Bool = true) throws -> RunningServer {
        let proxy = behindProxy ? ["--client-address-header", "X-Forwarded-For", "--trusted-proxy", "127.0.0.1"] : []
        return try RunningServer(
            ["serve", setup.profile, "--listen", "127.0.0.1:0", "--insecure-http"] + proxy,
            environment: setup.scenario.environment, scheme: "http")
    }

    /// Audit entries of `event` as `details` dictionaries.
    static func entries(_ setup: Setup, _ event: String) throws -> [[String: String]] {
        let log = try String(contentsOfFile: setup.scenario.directory.file("audit.log"), encoding: .utf8)
        return log.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["event"] as? String == event
            else { return nil }
            return object["details"] as? [String: String] ?? [:]
        }
    }

    @Test("SQLite vault: wrong codes with a valid API key are throttled at once and lock the account on both servers")
    func sqliteLockout() throws {
        try Self.lockout(try Setup())
    }

    @Test(
        "PostgreSQL vault: wrong codes with a valid API key are throttled at once and lock the account on both servers",
        .enabled(if: TestPostgres.isAvailable))
    func postgresLockout() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_throttle_e2e")
        defer { TestPostgres.dropDatabase(database) }
        try Self.lockout(try Setup(vault: TestPostgres.url(database: database)))
    }

    static func lockout(_ setup: Setup) throws {
        let first = try serve(setup)
        defer { first.stop() }
        let second = try serve(setup)
        defer { second.stop() }
        let servers = [first.url, second.url]
        let alice = setup.accounts["alice"]!
        let wrong = try wrongCode(alice)
        let attacker = "203.0.113.5"

        // 20 wrong codes at speed, alternating servers: after the first ones, the rest wait (429) unchecked.
        let burst = try (0..<20).map {
            try login(servers[$0 % 2], user: "alice", apiKey: alice.apiKey, code: wrong, client: attacker)
        }
        #expect(burst.allSatisfy { [401, 403, 429].contains($0.status) }, "\(burst.map(\.status))")
        #expect(burst.filter { $0.status == 429 }.count >= 10, "not throttled: \(burst.map(\.status))")
        #expect(burst.filter { $0.status == 401 }.count <= 4, "\(burst.map(\.status))")
        #expect(burst.first { $0.status == 429 }?.body.contains("too many failed logins: try again in") == true)

        // Waiting out each delay, the guesses go on until the account locks: 5 wrong codes in all were checked.
        var locked: Answer?
        let deadline = Date().addingTimeInterval(60)
        var attempt = 0
        while locked == nil, Date() < deadline {
            let answer = try login(
                servers[attempt % 2], user: "alice", apiKey: alice.apiKey, code: wrong, client: attacker)
            attempt += 1
            if answer.status == 403 { locked = answer } else { Thread.sleep(forTimeInterval: 0.5) }
        }
        let lockedAnswer = try #require(locked, "the account never locked")
        #expect(lockedAnswer.body.contains("locked"))
        #expect(try entries(setup, "login_locked").count == 1)
        let wrongCodes = try entries(setup, "login_denied").filter { $0["why"] == "wrong or reused TOTP code" }
        #expect(wrongCodes.count == 4, "\(wrongCodes.count) wrong codes checked before the lock")
        #expect(wrongCodes.allSatisfy { $0["address"] == attacker })

        // The right code no longer opens the account, on either server, from anywhere.
        for server in servers {
            let refused = try login(
                server, user: "alice", apiKey: alice.apiKey, code: alice.code(), client: "198.51.100.7")
            #expect(refused.status == 403, "\(refused.status) \(refused.body)")
        }
        let listed = try setup.scenario.veil(["users", "list", setup.profile])
        #expect(listed.standardOutput.contains("alice support active,locked "), "\(listed.standardOutput)")

        // An operator unlocks it (audited); the right code works again, on the other server too.
        let unlocked = try setup.scenario.veil(["users", "unlock", setup.profile, "alice"])
        #expect(unlocked.status == 0, "\(unlocked.standardError)")
        #expect(try entries(setup, "user_unlock").count == 1)
        let opened = try login(
            servers[1], user: "alice", apiKey: alice.apiKey, code: alice.code(), client: "198.51.100.7")
        #expect(opened.status == 200, "\(opened.status) \(opened.body)")
        #expect(
            try setup.scenario.veil(["users", "list", setup.profile]).standardOutput.contains("alice support active "))
        first.stop()
        second.stop()
        let verified = try setup.scenario.veil(["audit", "verify", setup.profile])
        #expect(verified.status == 0, "\(verified.standardError)")
    }

    @Test(
        "refused logins slow down one client address; a name alone locks nobody; the proxy header only from the proxy")
    func addresses() throws {
        let setup = try Setup()
        let proxied = try Self.serve(setup)
        defer { proxied.stop() }
        let alice = setup.accounts["alice"]!
        let bob = setup.accounts["bob"]!

        // One address guessing API keys: 11 refusals are answered (10 free, the 11th after no wait), then it waits.
        let spray = try (0..<21).map {
            try Self.login(
                proxied.url, user: "nobody\($0)", apiKey: "veil_guess\($0)", code: "123456", client: "203.0.113.9")
        }
        #expect(spray.prefix(11).allSatisfy { $0.status == 401 }, "\(spray.map(\.status))")
        #expect(spray.dropFirst(11).filter { $0.status == 429 }.count >= 5, "not throttled: \(spray.map(\.status))")
        #expect(try Self.entries(setup, "login_denied").contains { $0["address"] == "203.0.113.9" })

        // Another client is not slowed down by it.
        let aliceIn = try Self.login(
            proxied.url, user: "alice", apiKey: alice.apiKey, code: alice.code(), client: "198.51.100.7")
        #expect(aliceIn.status == 200, "\(aliceIn.status) \(aliceIn.body)")

        // Knowing bob's name without his API key: wrong keys (from many addresses) neither slow down nor lock him.
        for index in 0..<12 {
            let guess = try Self.login(
                proxied.url, user: "bob", apiKey: "veil_guess", code: try Self.wrongCode(bob),
                client: "198.18.1.\(index)")
            #expect(guess.status == 401)
        }
        let bobIn = try Self.login(
            proxied.url, user: "bob", apiKey: bob.apiKey, code: bob.code(), client: "198.51.100.8")
        #expect(bobIn.status == 200, "\(bobIn.status) \(bobIn.body)")

        // Without --trusted-proxy, the header is the client's own word and is ignored: every guess counts for
        // 127.0.0.1, whatever address it claims.
        let direct = try Self.serve(setup, behindProxy: false)
        defer { direct.stop() }
        let claimed = try (0..<21).map {
            try Self.login(direct.url, user: "nobody", apiKey: "veil_guess", code: "123456", client: "192.0.2.\($0)")
        }
        #expect(claimed.dropFirst(11).filter { $0.status == 429 }.count >= 5, "\(claimed.map(\.status))")
        #expect(try Self.entries(setup, "login_denied").contains { $0["address"] == "127.0.0.1" })
        #expect(try !Self.entries(setup, "login_denied").contains { $0["address"]?.hasPrefix("192.0.2.") == true })

        // A header without a proxy to believe it from (or the other way round) is refused at start.
        let lonely = try setup.scenario.veil(
            [
                "serve", setup.profile, "--listen", "127.0.0.1:0", "--insecure-http", "--client-address-header",
                "X-Real-IP",
            ])
        #expect(lonely.status == 64)
        #expect(lonely.standardError.contains("go together"), "\(lonely.standardError)")
    }
}
