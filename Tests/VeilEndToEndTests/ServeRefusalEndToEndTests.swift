import Foundation
import Testing
import VeilTestSupport

/// Requests `veil serve` cannot answer with originals — an unknown or retired key version, a token of a retired
/// version, a NUL inside a field, a vault entry that fails its check — are audited denials (403) that charge nothing,
/// and `veil detokenize` exits 77 saying what was refused; a vault that cannot answer is an audited 503 (exit 69).
/// On a SQLite vault and, when VEIL_TEST_PG is set, a PostgreSQL one.
@Suite("Detokenization refusals end to end", .serialized)
struct ServeRefusalEndToEndTests {
    /// How the test reaches into the vault's database, as someone with write access to it would.
    enum Vault {
        case sqlite
        case postgres(database: String)

        func execute(_ sql: String, setup: ServeEndToEndTests.Setup) throws {
            switch self {
            case .sqlite:
                let sqlite = try #require(ProcessRunner.which("sqlite3"), "sqlite3 is needed")
                let outcome = try ProcessRunner.run(sqlite, [setup.scenario.directory.file("vault.sqlite"), sql])
                try #require(outcome.status == 0, "\(outcome.standardError)")
            case .postgres(let database):
                try TestPostgres.psql(database: database, sql)
            }
        }
    }

    @Test("SQLite vault: refusals are audited 403s, not charged; the CLI exits 77 naming them")
    func sqlite() throws {
        try Self.refusals(try ServeEndToEndTests.Setup(), vault: .sqlite)
    }

    @Test(
        "PostgreSQL vault: refusals are audited 403s, not charged; the CLI exits 77 naming them",
        .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
    func postgres() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_serve_refusals")
        defer { TestPostgres.dropDatabase(database) }
        try Self.refusals(
            try ServeEndToEndTests.Setup(vault: TestPostgres.url(database: database)),
            vault: .postgres(database: database))
    }

    static func refusals(_ setup: ServeEndToEndTests.Setup, vault: Vault) throws {
        let directory = setup.scenario.directory
        let phones = try DumpValues.values(in: ServeEndToEndTests.dump, table: "public.address", columns: ["phone"])
        var phoneTokens = try DumpValues.values(
            in: directory.file("masked.sql"), table: "public.address", columns: ["phone"])
        // bob may reveal 10 phone tokens a day, 5 per request: every refused request below asks for 5.
        let five = Array(phoneTokens.prefix(5))

        // Version 1: a vault entry altered by someone with write access to the vault's database.
        try vault.execute(
            "UPDATE veil_tokens SET ciphertext = \(Self.randomBlob(vault)) WHERE domain = 'person.email' "
                + "AND token = '\(setup.tokens[1])'",
            setup: setup)
        var server = try setup.serve()
        #expect(try setup.login("alice", server: server.url).status == 0)
        #expect(try setup.login("bob", server: server.url).status == 0)

        let altered = try setup.detokenize("alice", server: server.url, tokens: [setup.tokens[0], setup.tokens[1]])
        #expect(altered.status == 77, "\(altered.standardError)")
        #expect(altered.standardError.contains("token 2 of 2"), "\(altered.standardError)")
        #expect(altered.standardError.contains("integrity check"), "\(altered.standardError)")
        #expect(altered.standardOutput.isEmpty)

        let unknown = try detokenize(setup, "bob", server: server.url, tokens: five, keyVersion: 9)
        #expect(unknown.status == 77, "\(unknown.standardError)")
        #expect(unknown.standardError.contains("key version 9 does not exist"), "\(unknown.standardError)")

        let nul = try setup.detokenize(
            "bob", server: server.url, domain: "person.phone",
            tokens: Array(five.prefix(4)) + ["12\u{0}34"], viaStandardInput: true)
        #expect(nul.status == 77, "\(nul.standardError)")
        #expect(nul.standardError.contains("token 5 contains a NUL"), "\(nul.standardError)")
        server.stop()

        // Version 2; version 1 retired; the phones masked again under version 2.
        for step in [
            ["keys", "rotate", setup.profile], ["keys", "retire", setup.profile, "--below", "2"],
            ["run", setup.profile, "--quiet"],
        ] {
            let outcome = try setup.scenario.veil(step)
            try #require(outcome.status == 0, "\(step): \(outcome.standardError)")
        }
        phoneTokens = try DumpValues.values(
            in: directory.file("masked.sql"), table: "public.address", columns: ["phone"])
        server = try setup.serve()
        defer { server.stop() }
        // The next TOTP step's code: the current one may have been used by the first logins.
        for name in ["alice", "bob"] {
            let next = try setup.accounts[name]!.code(at: Date().addingTimeInterval(30))
            let login = try setup.login(name, server: server.url, code: next)
            #expect(login.status == 0, "\(login.standardError)")
        }

        // The email tokens were made with version 1.
        let retiredToken = try setup.detokenize("alice", server: server.url, tokens: [setup.tokens[0]])
        #expect(retiredToken.status == 77, "\(retiredToken.standardError)")
        #expect(retiredToken.standardError.contains("retired"), "\(retiredToken.standardError)")
        let retiredVersion = try detokenize(setup, "bob", server: server.url, tokens: five, keyVersion: 1)
        #expect(retiredVersion.status == 77, "\(retiredVersion.standardError)")
        #expect(retiredVersion.standardError.contains("key version 1 is retired"), "\(retiredVersion.standardError)")

        // Nothing was charged: bob's whole day (10 tokens) is still there, and then it is spent. The phones were
        // masked with versions 1 and 2 now, so requests name the version (the masking history refuses to guess).
        for batch in [0..<5, 5..<10] {
            let granted = try detokenize(
                setup, "bob", server: server.url, tokens: Array(phoneTokens[batch]), keyVersion: 2)
            #expect(granted.status == 0, "\(granted.standardError)")
            #expect(granted.standardOutput == phones[batch].joined(separator: "\n") + "\n")
        }
        let spent = try detokenize(setup, "bob", server: server.url, tokens: [phoneTokens[10]], keyVersion: 2)
        #expect(spent.status == 77 && spent.standardError.contains("daily limit"), "\(spent.standardError)")

        // A vault that cannot answer: audited, 503, exit 69 with the server's reason.
        try vault.execute("DROP TABLE veil_tokens", setup: setup)
        let broken = try setup.detokenize("alice", server: server.url, tokens: [setup.tokens[2]])
        #expect(broken.status == 69, "\(broken.standardError)")
        #expect(broken.standardError.contains("vault cannot answer"), "\(broken.standardError)")
        server.stop()

        let reasons = try Self.denialReasons(setup)
        for expected in [
            // The phone domain's versions are refused by its masking history, in its words.
            "vault entry fails its integrity check (token 2 of 2)", "key version 9 does not exist", "NUL in token 5",
            "token of a retired key version (token 1 of 1)",
            "key version 1 is retired: only versions 2 and newer are reversed", "over the daily limit",
            "vault unavailable",
        ] {
            #expect(reasons.contains(expected), "no denial audited as \(expected): \(reasons)")
        }
        let verified = try setup.scenario.veil(["audit", "verify", setup.profile])
        #expect(verified.status == 0, "\(verified.standardError)")
    }

    /// `veil detokenize` for bob's phone domain, with a key version when given.
    static func detokenize(
        _ setup: ServeEndToEndTests.Setup, _ name: String, server: String, tokens: [String], keyVersion: Int? = nil
    ) throws -> ProcessOutcome {
        var arguments = [
            "detokenize", "--server", server, "--domain", "person.phone", "--reason", "ticket 4711", "--ca-file",
            setup.scenario.directory.file("ca.crt"),
        ]
        if let keyVersion { arguments += ["--key-version", String(keyVersion)] }
        return try VeilBinary.run(
            arguments + tokens, environment: ["VEIL_SESSION_FILE": setup.sessionFile(name)])
    }

    static func randomBlob(_ vault: Vault) -> String {
        switch vault {
        case .sqlite: "randomblob(44)"
        case .postgres: "decode(md5(random()::text) || md5(random()::text), 'hex')"
        }
    }

    /// The `why` of every denial in the audit log.
    static func denialReasons(_ setup: ServeEndToEndTests.Setup) throws -> [String] {
        let log = try String(contentsOfFile: setup.scenario.directory.file("audit.log"), encoding: .utf8)
        return log.split(separator: "\n").compactMap { line in
            guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                entry["event"] as? String == "denial"
            else { return nil }
            return (entry["details"] as? [String: String])?["why"]
        }
    }
}
