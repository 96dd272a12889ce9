import Foundation
import Testing
import VeilCrypto
import VeilTestSupport
import VeilVault

/// `veil serve` over TLS on loopback with `veil login` / `veil detokenize` as staff would run them: pagila emails
/// tokenized into a vault, accounts enrolled from the CLI, TOTP codes computed here, every decision audited.
@Suite("Detokenization service end to end", .serialized)
struct ServeEndToEndTests {
    static let dump = PackagePaths.fixture("pagila/pagila-pgdump.sql")

    /// A running `veil serve` child; terminated by `stop()`.
    final class RunningServer: @unchecked Sendable {
        let process: Process
        let url: String
        /// Kept open so the server's later lines never meet a closed pipe.
        let errors = Pipe()

        init(_ arguments: [String], environment: [String: String], scheme: String = "https") throws {
            process = try VeilBinary.launch(arguments, environment: environment, standardError: errors)
            var text = ""
            let deadline = Date().addingTimeInterval(60)
            while !text.contains("\n"), Date() < deadline {
                let chunk = errors.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let range = text.range(of: "listening on \(scheme)://127.0.0.1:") else {
                process.terminate()
                process.waitUntilExit()
                throw ServerDidNotStart(output: text)
            }
            let port = text[range.upperBound...].prefix { $0.isNumber }
            url = "\(scheme)://127.0.0.1:\(port)"
        }

        /// SIGTERM, then waits for the graceful stop; after `grace` seconds (a connection that never ends keeps a
        /// server without connection deadlines from stopping) SIGKILL. Whether it stopped within the grace.
        @discardableResult
        func stop(grace: TimeInterval = 40) -> Bool {
            guard process.isRunning else { return true }
            process.terminate()
            let deadline = Date().addingTimeInterval(grace)
            while process.isRunning, Date() < deadline { usleep(50_000) }
            guard process.isRunning else { return true }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return false
        }
    }

    struct ServerDidNotStart: Error, CustomStringConvertible {
        var output: String
        var description: String { "veil serve did not start: \(output)" }
    }

    /// One enrolled account: API key and TOTP secret, read from `veil users add`'s output.
    struct Account {
        var apiKey: String
        var secret: SecureBytes

        func code(at date: Date = Date()) throws -> String {
            try TOTP(secret: secret).code(at: date)
        }
    }

    /// pagila tokenized, a policy with `support` (person.email, 20 per request) and `billing` (person.phone),
    /// alice (support) and bob (billing) enrolled, and a CA + server certificate for 127.0.0.1. The vault is a
    /// SQLite file unless `vault` (e.g. a `postgresql://` URL) is given.
    final class Setup: @unchecked Sendable {
        let scenario = Scenario()
        let profile: String
        var accounts: [String: Account] = [:]
        let tokens: [String]
        let originals: [String]
        var certificates: TestCertificates!

        /// - Parameter vault: the profile's `vault:` (default: a SQLite file in the scenario).
        init(vault: String? = nil) throws {
            let base = try String(contentsOfFile: PackagePaths.profile("pagila.yaml"), encoding: .utf8)
            let tables = String(base[base.range(of: "\ntables:")!.lowerBound...]).replacingOccurrences(
                of: "{ rule: fake.email, domain: person.email }", with: "{ rule: tokenize, domain: person.email }"
            ).replacingOccurrences(
                of: "phone: { rule: fpe, short: hmac }", with: "phone: { rule: fpe, short: hmac, domain: person.phone }"
            )
            let policy = scenario.directory.write(
                """
                roles:
                  support: { domains: [person.email], tokens_per_request: 20, tokens_per_day: 200 }
                  billing: { domains: [person.phone], tokens_per_request: 5, tokens_per_day: 10 }

                """, to: "policy.yaml")
            profile = try scenario.writeProfile(
                base: "pagila.yaml", source: ServeEndToEndTests.dump, tables: tables,
                extra: """
                    vault: \(vault ?? scenario.directory.file("vault.sqlite"))
                    audit: \(scenario.directory.file("audit.log"))
                    policy: \(policy)
                    """)
            try Self.check(try scenario.veil(["keys", "init", profile]))
            try Self.check(try scenario.veil(["run", profile, "--quiet"]))
            originals = try DumpValues.values(in: ServeEndToEndTests.dump, table: "public.customer", columns: ["email"])
            tokens = try DumpValues.values(
                in: scenario.directory.file("masked.sql"), table: "public.customer", columns: ["email"])
            for (name, role) in [("alice", "support"), ("bob", "billing")] {
                let added = try scenario.veil(["users", "add", profile, name, "--role", role])
                try Self.check(added)
                let lines = added.standardOutput.split(separator: "\n").map(String.init)
                let apiKey = try #require(lines.first { $0.hasPrefix("api-key: ") }).dropFirst("api-key: ".count)
                let uri = try #require(lines.first { $0.hasPrefix("totp: otpauth://") })
                let secret = uri.split(separator: "secret=")[1].split(separator: "&")[0]
                accounts[name] = Account(apiKey: String(apiKey), secret: SecureBytes(try Base32.decode(String(secret))))
            }
            try makeCertificates()
        }

        static func check(_ outcome: ProcessOutcome) throws {
            try #require(outcome.status == 0, "\(outcome.standardError)")
        }

        /// A private CA and a server certificate for 127.0.0.1 signed by it (as .ci/start-postgres makes them).
        func makeCertificates() throws {
            certificates = try TestCertificates.make(in: scenario.directory)
        }

        func serve(_ extra: [String] = []) throws -> RunningServer {
            try RunningServer(
                [
                    "serve", profile, "--listen", "127.0.0.1:0", "--tls-cert", scenario.directory.file("server.crt"),
                    "--tls-key", scenario.directory.file("server.key"),
                ] + extra,
                environment: scenario.environment)
        }

        func sessionFile(_ name: String) -> String { scenario.directory.file("\(name).session") }

        /// `veil login` as `name` (its own session file), with the CA file unless told otherwise.
        func login(_ name: String, server: String, code: String? = nil, trustCA: Bool = true) throws -> ProcessOutcome {
            let account = accounts[name]!
            var arguments = ["login", "--server", server, "--user", name, "--otp", try code ?? account.code()]
            if trustCA { arguments += ["--ca-file", scenario.directory.file("ca.crt")] }
            return try VeilBinary.run(
                arguments, environment: ["VEIL_API_KEY": account.apiKey, "VEIL_SESSION_FILE": sessionFile(name)])
        }

        func detokenize(
            _ name: String, server: String, domain: String = "person.email", tokens: [String],
            viaStandardInput: Bool = false
        ) throws -> ProcessOutcome {
            let arguments =
                [
                    "detokenize", "--server", server, "--domain", domain, "--reason", "ticket 4711", "--ca-file",
                    scenario.directory.file("ca.crt"),
                ] + (viaStandardInput ? [] : tokens)
            return try VeilBinary.run(
                arguments, environment: ["VEIL_SESSION_FILE": sessionFile(name)],
                input: viaStandardInput ? tokens.joined(separator: "\n") + "\n" : nil)
        }

        func events() throws -> [String] {
            let log = try String(contentsOfFile: scenario.directory.file("audit.log"), encoding: .utf8)
            return log.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["event"] as? String
            }
        }
    }

    @Test("TLS on loopback: login with key + TOTP, 20 tokens give exactly the emails; denials; audit verifies")
    func endToEnd() throws {
        let setup = try Setup()
        let server = try setup.serve()
        defer { server.stop() }

        // alice logs in; the session file is private.
        let code = try setup.accounts["alice"]!.code()
        let login = try setup.login("alice", server: server.url, code: code)
        #expect(login.status == 0, "\(login.standardError)")
        let attributes = try FileManager.default.attributesOfItem(atPath: setup.sessionFile("alice"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        // 20 tokens, as arguments and on standard input: exactly the original emails, in order.
        let twenty = Array(setup.tokens.prefix(20))
        let expected = setup.originals.prefix(20).joined(separator: "\n") + "\n"
        let revealed = try setup.detokenize("alice", server: server.url, tokens: twenty)
        #expect(revealed.status == 0, "\(revealed.standardError)")
        #expect(revealed.standardOutput == expected)
        let piped = try setup.detokenize("alice", server: server.url, tokens: twenty, viaStandardInput: true)
        #expect(piped.standardOutput == expected)
        // An unknown token prints an empty line.
        let unknown = try setup.detokenize("alice", server: server.url, tokens: [setup.tokens[0], "zzzzzz@zzzzz.zzz"])
        #expect(unknown.standardOutput == setup.originals[0] + "\n\n")

        // Over the per-request limit: denied with the server's reason.
        let tooMany = try setup.detokenize("alice", server: server.url, tokens: Array(setup.tokens.prefix(21)))
        #expect(tooMany.status == 77)
        #expect(tooMany.standardError.contains("between 1 and 20 tokens"), "\(tooMany.standardError)")
        #expect(tooMany.standardOutput.isEmpty)

        // bob's role (billing) lacks person.email.
        #expect(try setup.login("bob", server: server.url).status == 0)
        let bob = try setup.detokenize("bob", server: server.url, tokens: twenty)
        #expect(bob.status == 77)
        #expect(bob.standardError.contains("not granted"))
        #expect(!bob.standardOutput.contains("@"))
        // bob's role grants person.phone, an `fpe` domain: its tokens reverse through the recorded rule.
        let phones = try DumpValues.values(in: ServeEndToEndTests.dump, table: "public.address", columns: ["phone"])
        let phoneTokens = try DumpValues.values(
            in: setup.scenario.directory.file("masked.sql"), table: "public.address", columns: ["phone"])
        #expect(phoneTokens.count == phones.count && phoneTokens != phones)
        let phoneAnswer = try setup.detokenize(
            "bob", server: server.url, domain: "person.phone", tokens: Array(phoneTokens.prefix(5)))
        #expect(phoneAnswer.status == 0, "\(phoneAnswer.standardError)")
        #expect(phoneAnswer.standardOutput == phones.prefix(5).joined(separator: "\n") + "\n")

        // A replayed TOTP code is refused (and the earlier session file is kept).
        let replay = try setup.login("alice", server: server.url, code: code)
        #expect(replay.status == 77)
        #expect(replay.standardError.contains("login refused"))

        // No session: "log in again".
        let nobody = try setup.detokenize("carol", server: server.url, tokens: twenty)
        #expect(nobody.status == 77)
        #expect(nobody.standardError.contains("log in again"))

        // Without the private CA the server's certificate is not trusted: exit 69, nothing sent.
        let untrusted = try setup.login("bob", server: server.url, trustCA: false)
        #expect(untrusted.status == 69, "\(untrusted.standardError)")

        server.stop()
        // Nothing of the originals or tokens in the audit log; login, grant and denial events are; it verifies.
        let log = try String(contentsOfFile: setup.scenario.directory.file("audit.log"), encoding: .utf8)
        for (token, email) in zip(twenty, setup.originals) { #expect(!log.contains(token) && !log.contains(email)) }
        let events = try setup.events()
        #expect(events.filter { $0 == "login" }.count == 2)
        #expect(events.filter { $0 == "grant" }.count == 4)
        #expect(events.filter { $0 == "denial" }.count == 2)
        #expect(events.filter { $0 == "login_denied" }.count == 1)
        let verified = try setup.scenario.veil(["audit", "verify", setup.profile])
        #expect(verified.status == 0, "\(verified.standardError)")
    }

    @Test("refused to start: plain HTTP off loopback, no TLS files, no audit log; plain HTTP on loopback works")
    func startRefusals() throws {
        let setup = try Setup()
        let insecure = try setup.scenario.veil(
            ["serve", setup.profile, "--listen", "0.0.0.0:0", "--insecure-http"])
        #expect(insecure.status == 64)
        #expect(insecure.standardError.contains("loopback"))
        let noTLS = try setup.scenario.veil(["serve", setup.profile, "--listen", "127.0.0.1:0"])
        #expect(noTLS.status == 64)

        let text = try String(contentsOfFile: setup.profile, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("audit:") }
            .joined(separator: "\n")
        let unaudited = setup.scenario.directory.write(text, to: "unaudited.yaml")
        let noAudit = try setup.scenario.veil(
            [
                "serve", unaudited, "--listen", "127.0.0.1:0", "--tls-cert",
                setup.scenario.directory.file("server.crt"),
                "--tls-key", setup.scenario.directory.file("server.key"),
            ])
        #expect(noAudit.status == 64)
        #expect(noAudit.standardError.contains("audit"))

        let plain = try RunningServer(
            ["serve", setup.profile, "--listen", "127.0.0.1:0", "--insecure-http"],
            environment: setup.scenario.environment, scheme: "http")
        defer { plain.stop() }
        #expect(try setup.login("alice", server: plain.url).status == 0)
        let revealed = try setup.detokenize("alice", server: plain.url, tokens: Array(setup.tokens.prefix(3)))
        #expect(revealed.standardOutput == setup.originals.prefix(3).joined(separator: "\n") + "\n")
    }
}
