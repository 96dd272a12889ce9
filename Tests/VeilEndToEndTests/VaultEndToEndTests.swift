import Foundation
import Testing
import VeilCrypto
import VeilTestSupport
import VeilVault

/// `tokenize` through whole runs: vaulted tokens in the emails' own format, the same in every run and output,
/// reversible through the vault; backup, erasure on request, and the audit log that records them.
@Suite("Token vault end to end", .serialized)
struct VaultEndToEndTests {
    static let dump = PackagePaths.fixture("pagila/pagila-pgdump.sql")

    /// pagila with customer and staff emails tokenized (domain person.email), a vault (a SQLite file unless
    /// `vault` is given) and an audit log.
    static func tokenizingScenario(vault: String? = nil) throws -> (Scenario, String) {
        let scenario = Scenario()
        let base = try String(contentsOfFile: PackagePaths.profile("pagila.yaml"), encoding: .utf8)
        let tables = String(base[base.range(of: "\ntables:")!.lowerBound...]).replacingOccurrences(
            of: "{ rule: fake.email, domain: person.email }", with: "{ rule: tokenize, domain: person.email }")
        let profile = try scenario.writeProfile(
            base: "pagila.yaml", source: dump, tables: tables,
            extra:
                "vault: \(vault ?? scenario.directory.file("vault.sqlite"))\naudit: \(scenario.directory.file("audit.log"))"
        )
        return (scenario, profile)
    }

    static func shape(_ text: String) -> String {
        String(text.map { $0.isNumber ? "9" : $0.isLetter ? "a" : $0 })
    }

    @Test("emails become vaulted tokens of the same shape, identical across runs and outputs, reversible")
    func tokenizeRuns() throws {
        let (scenario, profile) = try Self.tokenizingScenario()
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let first = try scenario.veil(["run", profile, "--quiet"])
        try #require(first.status == 0, "\(first.standardError)")
        let second = try scenario.veil(["run", profile, "--quiet", "--target", scenario.directory.file("again.sql")])
        try #require(second.status == 0, "\(second.standardError)")

        let originals = try DumpValues.values(in: Self.dump, table: "public.customer", columns: ["email"])
        let tokens = try DumpValues.values(
            in: scenario.directory.file("masked.sql"), table: "public.customer", columns: ["email"])
        let again = try DumpValues.values(
            in: scenario.directory.file("again.sql"), table: "public.customer", columns: ["email"])
        #expect(tokens.count == originals.count && originals.count == 599)
        #expect(tokens == again)
        #expect(Set(tokens).isDisjoint(with: Set(originals)))
        for (original, token) in zip(originals, tokens) { #expect(Self.shape(original) == Self.shape(token)) }

        // Reversal through the vault (what `veil serve` does for authorized staff).
        let keys = try KeyStore.open(
            at: scenario.directory.file("keys"), passphrase: SecureBytes(Array(scenario.passphrase.utf8)))
        let vault = try TokenVault(
            storage: try SQLiteVaultStorage(path: scenario.directory.file("vault.sqlite")), keys: keys)
        for (original, token) in zip(originals, tokens).prefix(20) {
            #expect(try vault.original(of: token, domain: "person.email") == original)
        }
        // The vault file holds no original in clear.
        let vaultBytes = try Data(contentsOf: URL(fileURLWithPath: scenario.directory.file("vault.sqlite")))
        #expect(vaultBytes.range(of: Data(originals[0].utf8)) == nil)
    }

    @Test(
        "a PostgreSQL vault shared by two runs gives the same tokens; they reverse through it",
        .enabled(if: TestPostgres.isAvailable, "set VEIL_TEST_PG to a throwaway PostgreSQL (see .ci/start-postgres)"))
    func postgresVault() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_vault")
        defer { TestPostgres.dropDatabase(database) }
        let (scenario, profile) = try Self.tokenizingScenario(vault: TestPostgres.url(database: database))
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let first = try scenario.veil(["run", profile, "--quiet"])
        try #require(first.status == 0, "\(first.standardError)")
        let second = try scenario.veil(["run", profile, "--quiet", "--target", scenario.directory.file("again.sqlite")])
        try #require(second.status == 0, "\(second.standardError)")
        let tokens = try DumpValues.values(
            in: scenario.directory.file("masked.sql"), table: "public.customer", columns: ["email"])
        let originals = try DumpValues.values(in: Self.dump, table: "public.customer", columns: ["email"])
        let staff = try DumpValues.values(in: Self.dump, table: "public.staff", columns: ["email"])
        let distinct = Set(originals).union(staff).count
        #expect(try TestPostgres.psql(database: database, "SELECT count(*) FROM veil_tokens") == String(distinct))
        let keys = try KeyStore.open(
            at: scenario.directory.file("keys"), passphrase: SecureBytes(Array(scenario.passphrase.utf8)))
        let vault = try TokenVault(
            storage: try PostgresVaultStorage(conninfo: TestPostgres.url(database: database)), keys: keys)
        for (original, token) in zip(originals, tokens).prefix(10) {
            #expect(try vault.original(of: token, domain: "person.email") == original)
        }
    }

    @Test("two veil processes tokenizing into one vault at once agree on every token")
    func twoProcesses() throws {
        let (scenario, profile) = try Self.tokenizingScenario()
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let errors = [Pipe(), Pipe()]
        let processes = try (0..<2).map { index in
            try VeilBinary.launch(
                ["run", profile, "--quiet", "--target", scenario.directory.file("out\(index).sql")],
                environment: scenario.environment, standardError: errors[index])
        }
        for (process, pipe) in zip(processes, errors) {
            let message = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(message)")
        }
        let first = try DumpValues.values(
            in: scenario.directory.file("out0.sql"), table: "public.customer", columns: ["email"])
        let second = try DumpValues.values(
            in: scenario.directory.file("out1.sql"), table: "public.customer", columns: ["email"])
        #expect(first.count == 599)
        #expect(first == second)
        #expect(
            Set(first).count
                == Set(try DumpValues.values(in: Self.dump, table: "public.customer", columns: ["email"])).count)
    }

    @Test("backup and forget are audited; audit verify passes, then names a tampered line")
    func backupForgetAudit() throws {
        let (scenario, profile) = try Self.tokenizingScenario()
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        #expect(try scenario.veil(["run", profile, "--quiet"]).status == 0)
        let originals = try DumpValues.values(in: Self.dump, table: "public.customer", columns: ["email"])

        let backup = try scenario.veil(["vault", "backup", profile, scenario.directory.file("vault-backup.sqlite")])
        #expect(backup.status == 0, "\(backup.standardError)")
        #expect(scenario.exists("vault-backup.sqlite"))
        let forget = try scenario.veil(
            ["vault", "forget", profile, "--domain", "person.email"],
            input: originals[0] + "\n" + originals[1] + "\nnobody@nowhere.example\n")
        #expect(forget.status == 0, "\(forget.standardError)")
        #expect(forget.standardOutput.contains("erased 2 of 3"))
        #expect(!(forget.standardOutput + forget.standardError).contains(originals[0]))

        let log = try String(contentsOfFile: scenario.directory.file("audit.log"), encoding: .utf8)
        let events = log.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["event"] as? String
        }
        #expect(events == ["key_init", "vault_backup", "vault_forget"])
        #expect(!log.contains(originals[0]))

        let verified = try scenario.veil(["audit", "verify", profile])
        #expect(verified.status == 0, "\(verified.standardError)")
        #expect(verified.standardOutput.contains("3 entries"))

        var bytes = Array(log.utf8)
        let secondLine = bytes.firstIndex(of: 0x0A)! + 20
        bytes[secondLine] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: scenario.directory.file("audit.log")))
        let tampered = try scenario.veil(["audit", "verify", profile])
        #expect(tampered.status == 2)
        #expect(tampered.standardError.contains("line 2"), "\(tampered.standardError)")
    }

    @Test("tokenize without a vault, and forget without an audit log, are refused before anything changes")
    func refusals() throws {
        let scenario = Scenario()
        let base = try String(contentsOfFile: PackagePaths.profile("pagila.yaml"), encoding: .utf8)
        let tables = String(base[base.range(of: "\ntables:")!.lowerBound...]).replacingOccurrences(
            of: "{ rule: fake.email, domain: person.email }", with: "{ rule: tokenize, domain: person.email }")
        let profile = try scenario.writeProfile(base: "pagila.yaml", source: Self.dump, tables: tables)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("vault"))
        #expect(!scenario.exists("masked.sql"))
        let forget = try scenario.veil(["vault", "forget", profile, "--domain", "person.email"], input: "x@y.z\n")
        #expect(forget.status == 64)
    }
}
