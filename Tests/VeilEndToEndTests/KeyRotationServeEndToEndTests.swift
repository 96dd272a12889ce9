import Foundation
import Testing
import VeilCrypto
import VeilTestSupport
import VeilVault

/// A running `veil serve` follows its key store and the vault's masking history, without a restart: after `veil keys
/// retire` a retired token is refused at once, after `veil keys rotate` a new-version token reverses; and an `fpe`
/// or `card` token sent without `key_version` gets its own original (the version resolved from the history of how the
/// domain was masked) or an audited refusal naming the versions to choose from — never another value's original. On
/// a SQLite vault and, when VEIL_TEST_PG is set, a PostgreSQL one.
@Suite("Key rotation and key versions on a running server", .serialized)
struct KeyRotationServeEndToEndTests {
    static let dump = PackagePaths.fixture("shop/prod.sql")

    /// The shop masked once (key version 1) into `v1.sql` with its vault, audit log and policy: role `fraud` may
    /// reveal `ssn` (fpe), `card` (card) and `email` (tokenized into the vault); `erin` is enrolled in it.
    final class Setup: @unchecked Sendable {
        let scenario = Scenario()
        let profile: String
        let account: ServeEndToEndTests.Account

        init(vault: String? = nil) throws {
            let directory = scenario.directory
            let base = try String(contentsOfFile: PackagePaths.profile("shop.yaml"), encoding: .utf8)
            let tables = String(base[base.range(of: "\ntables:")!.lowerBound...]).replacingOccurrences(
                of: "email: { rule: fake.email, unique: true }", with: "email: { rule: tokenize, domain: email }")
            let policy = directory.write(
                """
                roles:
                  fraud: { domains: [ssn, card, email], tokens_per_request: 50, tokens_per_day: 5000 }

                """, to: "policy.yaml")
            profile = try scenario.writeProfile(
                base: "shop.yaml", source: KeyRotationServeEndToEndTests.dump, target: "v1.sql", tables: tables,
                extra: """
                    vault: \(vault ?? directory.file("vault.sqlite"))
                    audit: \(directory.file("audit.log"))
                    policy: \(policy)
                    """)
            try Self.check(try scenario.veil(["keys", "init", profile]))
            try Self.check(try scenario.veil(["run", profile, "--quiet"]))
            let added = try scenario.veil(["users", "add", profile, "erin", "--role", "fraud"])
            try Self.check(added)
            let lines = added.standardOutput.split(separator: "\n").map(String.init)
            let apiKey = try #require(lines.first { $0.hasPrefix("api-key: ") }).dropFirst("api-key: ".count)
            let uri = try #require(lines.first { $0.hasPrefix("totp: otpauth://") })
            let secret = uri.split(separator: "secret=")[1].split(separator: "&")[0]
            account = ServeEndToEndTests.Account(
                apiKey: String(apiKey), secret: SecureBytes(try Base32.decode(String(secret))))
        }

        static func check(_ outcome: ProcessOutcome) throws {
            try #require(outcome.status == 0, "\(outcome.standardError)")
        }

        /// `veil CHANGE PROFILE ARGS...` (a keys command, or a masking run), which must succeed.
        func veil(_ arguments: [String]) throws {
            try Self.check(try scenario.veil([arguments[0], arguments[1], profile] + arguments.dropFirst(2)))
        }

        /// Masks the shop again into `file` under the store's current key version.
        func mask(to file: String) throws {
            try Self.check(try scenario.veil(["run", profile, "--quiet", "--target", scenario.directory.file(file)]))
        }

        /// `veil serve` over plain HTTP on loopback (TLS is not what these tests are about).
        func serve() throws -> ServeEndToEndTests.RunningServer {
            try ServeEndToEndTests.RunningServer(
                ["serve", profile, "--listen", "127.0.0.1:0", "--insecure-http"], environment: scenario.environment,
                scheme: "http")
        }

        /// Puts `bytes` in place of the key store file (mode 0600, renamed into place), as someone with write access
        /// to it could.
        func replaceKeyStore(with bytes: Data) throws {
            let temporary = scenario.directory.file("keys.replacement")
            try #require(
                FileManager.default.createFile(
                    atPath: temporary, contents: bytes, attributes: [.posixPermissions: 0o600]))
            try #require(rename(temporary, scenario.directory.file("keys")) == 0)
        }

        var sessionFile: String { scenario.directory.file("erin.session") }

        func login(_ server: ServeEndToEndTests.RunningServer) throws {
            let outcome = try VeilBinary.run(
                ["login", "--server", server.url, "--user", "erin", "--otp", try account.code()],
                environment: ["VEIL_API_KEY": account.apiKey, "VEIL_SESSION_FILE": sessionFile])
            try Self.check(outcome)
        }

        func detokenize(
            _ server: ServeEndToEndTests.RunningServer, domain: String, tokens: [String], keyVersion: Int? = nil
        ) throws -> ProcessOutcome {
            try VeilBinary.run(
                ["detokenize", "--server", server.url, "--domain", domain, "--reason", "case 17"]
                    + (keyVersion.map { ["--key-version", String($0)] } ?? []) + tokens,
                environment: ["VEIL_SESSION_FILE": sessionFile])
        }

        /// The first ten values of `column` of `public.customers` in `file` (the source dump when nil).
        func values(_ column: String, in file: String? = nil) throws -> [String] {
            let path = file.map { scenario.directory.file($0) } ?? KeyRotationServeEndToEndTests.dump
            return Array(try DumpValues.values(in: path, table: "public.customers", columns: [column]).prefix(10))
        }

        /// The audit log's entries, as JSON objects.
        func auditEntries() throws -> [[String: Any]] {
            let log = try String(contentsOfFile: scenario.directory.file("audit.log"), encoding: .utf8)
            return log.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }
    }

    static func lines(_ values: [String]) -> String { values.joined(separator: "\n") + "\n" }

    // MARK: Rotation and retirement without a restart

    @Test("SQLite vault: retire refuses retired tokens at once; rotate makes new-version tokens reverse; no restart")
    func rotationSQLite() throws {
        try Self.rotationWithoutRestart(try Setup())
    }

    @Test(
        "PostgreSQL vault: retire refuses retired tokens at once; rotate makes new-version tokens reverse; no restart",
        .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
    func rotationPostgres() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_rotation")
        defer { TestPostgres.dropDatabase(database) }
        try Self.rotationWithoutRestart(try Setup(vault: TestPostgres.url(database: database)))
    }

    static func rotationWithoutRestart(_ setup: Setup) throws {
        let server = try setup.serve()
        defer { server.stop() }
        try setup.login(server)
        let ssns = try setup.values("ssn")
        let emails = try setup.values("email")
        let v1 = try setup.values("ssn", in: "v1.sql")
        let emailTokens = try setup.values("email", in: "v1.sql")
        let before = try setup.detokenize(server, domain: "ssn", tokens: v1, keyVersion: 1)
        #expect(before.status == 0, "\(before.standardError)")
        #expect(before.standardOutput == lines(ssns))

        // A rotation while the server runs: the new version's tokens reverse at once.
        try setup.veil(["keys", "rotate"])
        try setup.mask(to: "v2.sql")
        let v2 = try setup.values("ssn", in: "v2.sql")
        #expect(v2 != v1)
        let rotated = try setup.detokenize(server, domain: "ssn", tokens: v2, keyVersion: 2)
        #expect(rotated.status == 0, "\(rotated.standardError)")
        #expect(rotated.standardOutput == lines(ssns))

        // A retirement while the server runs: version 1's tokens are refused at once, fpe and vaulted alike.
        let beforeRetirement = try Data(contentsOf: URL(fileURLWithPath: setup.scenario.directory.file("keys")))
        try setup.veil(["keys", "retire", "--below", "2"])
        let retired = try setup.detokenize(server, domain: "ssn", tokens: v1, keyVersion: 1)
        #expect(retired.status == 77, "\(retired.standardError)")
        #expect(retired.standardOutput.isEmpty)
        #expect(retired.standardError.contains("retired"), "\(retired.standardError)")
        // Convergent tokens keep the version that first stored them: these are all version 1.
        let vaulted = try setup.detokenize(server, domain: "email", tokens: emailTokens)
        #expect(vaulted.status != 0, "\(vaulted.standardError)")
        #expect(!emails.contains { vaulted.standardOutput.contains($0) })
        // Version 2 still reverses.
        let current = try setup.detokenize(server, domain: "ssn", tokens: v2, keyVersion: 2)
        #expect(current.status == 0, "\(current.standardError)")
        #expect(current.standardOutput == lines(ssns))

        // The store from before the retirement put back (a retirement undone behind the server's back): every request
        // is refused (503, exit 69) until the file changes again.
        let retiredStore = try Data(contentsOf: URL(fileURLWithPath: setup.scenario.directory.file("keys")))
        try setup.replaceKeyStore(with: beforeRetirement)
        let wentBack = try setup.detokenize(server, domain: "ssn", tokens: v1, keyVersion: 1)
        #expect(wentBack.status == 69, "\(wentBack.standardError)")
        #expect(wentBack.standardOutput.isEmpty)
        #expect(wentBack.standardError.contains("key store"), "\(wentBack.standardError)")
        #expect(try setup.detokenize(server, domain: "ssn", tokens: v2, keyVersion: 2).status == 69)
        try setup.replaceKeyStore(with: retiredStore)
        let restored = try setup.detokenize(server, domain: "ssn", tokens: v2, keyVersion: 2)
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(restored.standardOutput == lines(ssns))
        server.stop()

        let verified = try setup.scenario.veil(["audit", "verify", setup.profile])
        #expect(verified.status == 0, "\(verified.standardError)")
    }

    // MARK: Tokens without a key version

    @Test("SQLite vault: without key_version, the version comes from the masking history or is refused as ambiguous")
    func versionSQLite() throws {
        try Self.versionFromHistory(try Setup())
    }

    @Test(
        "PostgreSQL vault: without key_version, the version comes from the masking history or is refused as ambiguous",
        .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
    func versionPostgres() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_versions")
        defer { TestPostgres.dropDatabase(database) }
        try Self.versionFromHistory(try Setup(vault: TestPostgres.url(database: database)))
    }

    static func versionFromHistory(_ setup: Setup) throws {
        let ssns = try setup.values("ssn")
        let cards = try setup.values("card_number")
        let v1 = try setup.values("ssn", in: "v1.sql")
        let v1Cards = try setup.values("card_number", in: "v1.sql")
        // Rotated, but nothing masked under version 2 yet: version 1 is the only one these domains were masked with.
        try setup.veil(["keys", "rotate"])
        let server = try setup.serve()
        defer { server.stop() }
        try setup.login(server)
        let resolved = try setup.detokenize(server, domain: "ssn", tokens: v1)
        #expect(resolved.status == 0, "\(resolved.standardError)")
        #expect(resolved.standardOutput == lines(ssns))

        // Masked again under version 2 while the server runs: a token alone no longer says which version made it.
        try setup.mask(to: "v2.sql")
        let v2 = try setup.values("ssn", in: "v2.sql")
        for (domain, tokens, originals) in [("ssn", v1, ssns), ("card", v1Cards, cards), ("ssn", v2, ssns)] {
            let outcome = try setup.detokenize(server, domain: domain, tokens: tokens)
            // Never another value's original: the right ones, or nothing.
            #expect(outcome.standardOutput.isEmpty || outcome.standardOutput == lines(originals))
            #expect(outcome.status == 77, "\(domain): \(outcome.standardError)")
            #expect(outcome.standardError.contains("key versions 1 and 2"), "\(outcome.standardError)")
        }
        // Naming the version answers.
        for (tokens, version) in [(v1, 1), (v2, 2)] {
            let named = try setup.detokenize(server, domain: "ssn", tokens: tokens, keyVersion: version)
            #expect(named.status == 0, "\(named.standardError)")
            #expect(named.standardOutput == lines(ssns))
        }
        // A version the domain was never masked with is refused too, naming the ones it was.
        let never = try setup.detokenize(server, domain: "ssn", tokens: v1, keyVersion: 3)
        #expect(never.status == 77, "\(never.standardError)")
        #expect(never.standardOutput.isEmpty)
        server.stop()

        // Each ambiguous request is an audited denial that names the versions.
        let denials = try setup.auditEntries().filter { entry in
            entry["event"] as? String == "denial"
                && ((entry["details"] as? [String: String])?["why"] ?? "").contains("ambiguous key version")
        }
        #expect(denials.count == 3)
        let verified = try setup.scenario.veil(["audit", "verify", setup.profile])
        #expect(verified.status == 0, "\(verified.standardError)")
    }
}
