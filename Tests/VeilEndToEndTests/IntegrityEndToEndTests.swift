import Foundation
import Testing
import VeilTestSupport

/// What someone who can write the vault's database or the key store file tried in the review, against a real
/// `veil serve` on loopback: staff rows edited (role, disabled flag, last TOTP step, daily usage) or rolled back to
/// an older, validly sealed copy; a key store downgraded to the format without a MAC, or an older copy put back
/// after `veil keys retire`. Every one is refused, and the refusals are in the audit log.
@Suite("Integrity of staff accounts and key store end to end", .serialized)
struct IntegrityEndToEndTests {
    typealias Setup = ServeEndToEndTests.Setup

    /// Runs SQL on the setup's vault as an attacker with write access would.
    typealias SQL = (String) throws -> Void

    static func sqliteSQL(_ setup: Setup) throws -> SQL {
        let sqlite3 = try #require(ProcessRunner.which("sqlite3"), "sqlite3 is needed")
        let path = setup.scenario.directory.file("vault.sqlite")
        return { statement in
            let outcome = try ProcessRunner.run(sqlite3, ["-cmd", ".timeout 10000", path, statement])
            try #require(outcome.status == 0, "sqlite3: \(outcome.standardError)")
        }
    }

    /// The `why` of the newest entry of the audit log, and its event.
    static func lastEntry(_ setup: Setup) throws -> (event: String, why: String) {
        let log = try String(contentsOfFile: setup.scenario.directory.file("audit.log"), encoding: .utf8)
        let line = try #require(log.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let details = object["details"] as? [String: String] ?? [:]
        return (object["event"] as? String ?? "", details["why"] ?? "")
    }

    /// Starts `veil serve` (plain HTTP on loopback) and returns its exit status and standard error once it exits;
    /// nil when it is still running after 60 seconds (it started: it is then stopped).
    static func serveExit(_ setup: Setup) throws -> (status: Int32?, standardError: String) {
        let errors = try FileHandle(
            forWritingTo: URL(fileURLWithPath: setup.scenario.directory.write("", to: "serve.err")))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: VeilBinary.path)
        process.arguments = ["serve", setup.profile, "--listen", "127.0.0.1:0", "--insecure-http"]
        process.environment = ProcessInfo.processInfo.environment.merging(setup.scenario.environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let started = process.isRunning
        if started {
            process.terminate()
        }
        process.waitUntilExit()
        try errors.close()
        let text = try String(contentsOfFile: setup.scenario.directory.file("serve.err"), encoding: .utf8)
        return (started ? nil : process.terminationStatus, text)
    }

    @Test("SQLite vault: edited and rolled-back staff rows are refused at login and request, with audited denials")
    func sqliteAccounts() throws {
        let setup = try Setup()
        try Self.accounts(setup, sql: try Self.sqliteSQL(setup))
    }

    @Test(
        "PostgreSQL vault: edited and rolled-back staff rows are refused at login and request, with audited denials",
        .enabled(if: TestPostgres.isAvailable))
    func postgresAccounts() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_integrity_e2e")
        defer { TestPostgres.dropDatabase(database) }
        let setup = try Setup(vault: TestPostgres.url(database: database))
        try Self.accounts(setup, sql: { _ = try TestPostgres.psql(database: database, $0) })
    }

    static func accounts(_ setup: Setup, sql: SQL) throws {
        let server = try setup.serve()
        defer { server.stop() }
        // Codes: the current step, then the next one (always newer and within the ±1 window).
        let alice = setup.accounts["alice"]!
        let bob = setup.accounts["bob"]!
        let emails = Array(setup.tokens.prefix(3))
        #expect(try setup.login("alice", server: server.url, code: alice.code()).status == 0)
        #expect(try setup.detokenize("alice", server: server.url, tokens: emails).status == 0)

        // A support user made a billing user in the database: login refused, so no phone number is revealed.
        try sql("UPDATE veil_staff SET role = 'billing' WHERE name = 'alice'")
        let promoted = try setup.login("alice", server: server.url, code: alice.code(at: Date() + 30))
        #expect(promoted.status == 77, "\(promoted.standardError)")
        #expect(promoted.standardError.contains("login refused"))
        #expect(try lastEntry(setup).event == "login_denied")
        #expect(try lastEntry(setup).why.contains("alice's record fails its integrity check"))
        let phones = try DumpValues.values(
            in: setup.scenario.directory.file("masked.sql"), table: "public.address", columns: ["phone"])
        let phone = try setup.detokenize("alice", server: server.url, domain: "person.phone", tokens: [phones[0]])
        #expect(phone.status == 77)
        #expect(phone.standardOutput.isEmpty)
        try sql("UPDATE veil_staff SET role = 'support' WHERE name = 'alice'")

        // A last accepted step reset: the code just used is not accepted again.
        let code = try alice.code(at: Date() + 30)
        #expect(try setup.login("alice", server: server.url, code: code).status == 0)
        try sql("UPDATE veil_staff SET last_step = NULL WHERE name = 'alice'")
        let replay = try setup.login("alice", server: server.url, code: code)
        #expect(replay.status == 77, "\(replay.standardError)")
        #expect(try lastEntry(setup).why.contains("alice's last TOTP step fails its integrity check"))

        // A day's usage reset: the next request is refused (audited), nothing revealed.
        try sql("UPDATE veil_staff_usage SET tokens = 0 WHERE name = 'alice'")
        let reset = try setup.detokenize("alice", server: server.url, tokens: emails)
        #expect(reset.status == 77, "\(reset.standardError)")
        #expect(reset.standardOutput.isEmpty)
        #expect(reset.standardError.contains("integrity"))
        #expect(try lastEntry(setup).event == "denial")
        #expect(try lastEntry(setup).why.contains("alice's usage of"))

        // A disabled account's flag cleared.
        try sql("CREATE TABLE saved_staff AS SELECT * FROM veil_staff")
        try sql("CREATE TABLE saved_state AS SELECT * FROM veil_vault WHERE name = 'staff_state'")
        #expect(try setup.scenario.veil(["users", "disable", setup.profile, "bob"]).status == 0)
        try sql("UPDATE veil_staff SET disabled = false WHERE name = 'bob'")
        let enabled = try setup.login("bob", server: server.url, code: bob.code())
        #expect(enabled.status == 77, "\(enabled.standardError)")
        #expect(try lastEntry(setup).why.contains("bob's record fails its integrity check"))

        // The whole staff table and its sealed state put back from before the disable: an older generation.
        try sql("DELETE FROM veil_staff")
        try sql("INSERT INTO veil_staff SELECT * FROM saved_staff")
        try sql("UPDATE veil_vault SET value = (SELECT value FROM saved_state) WHERE name = 'staff_state'")
        let rolledBack = try setup.login("bob", server: server.url, code: bob.code(at: Date() + 30))
        #expect(rolledBack.status == 77, "\(rolledBack.standardError)")
        #expect(try lastEntry(setup).why.contains("older than the audit log's record"))
        // `veil users` refuses to build on it, and says what is wrong.
        #expect(try setup.scenario.veil(["users", "enable", setup.profile, "alice"]).status == 77)
        let list = try setup.scenario.veil(["users", "list", setup.profile])
        #expect(list.standardError.contains("older than the audit log's record"))

        server.stop()
        #expect(try setup.scenario.veil(["audit", "verify", setup.profile]).status == 0)
    }

    @Test("a key store downgraded to format 1 with its MAC and retirement removed: refused with the one message")
    func downgradedKeyStore() throws {
        let setup = try Setup()
        #expect(try setup.scenario.veil(["keys", "rotate", setup.profile]).status == 0)
        #expect(try setup.scenario.veil(["keys", "retire", setup.profile, "--below", "2"]).status == 0)
        let wrong = try setup.scenario.veil(["keys", "list", setup.profile], environment: ["VEIL_PASSPHRASE": "wrong"])
        #expect(wrong.status == 77)

        let path = setup.scenario.directory.file("keys")
        var store = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        store["formatVersion"] = 1
        store.removeValue(forKey: "mac")
        store.removeValue(forKey: "minimumDecryptionVersion")
        try JSONSerialization.data(withJSONObject: store, options: [.prettyPrinted, .sortedKeys])
            .write(to: URL(fileURLWithPath: path))
        let list = try setup.scenario.veil(["keys", "list", setup.profile])
        #expect(list.status == 77)
        #expect(list.standardError == wrong.standardError, "one message for a wrong secret and a damaged store")
        let serve = try Self.serveExit(setup)
        #expect(serve.status == 77, "\(serve.standardError)")
        #expect(serve.standardError == wrong.standardError)
    }

    @Test("an older key store put back after `keys retire` is refused: retired tokens stay retired")
    func restoredKeyStore() throws {
        let setup = try Setup()
        let path = setup.scenario.directory.file("keys")
        #expect(try setup.scenario.veil(["keys", "rotate", setup.profile]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try setup.scenario.veil(["keys", "retire", setup.profile, "--below", "2"]).status == 0)
        try before.write(to: URL(fileURLWithPath: path))
        let serve = try Self.serveExit(setup)
        #expect(serve.status == 77, "\(serve.standardError)")
        #expect(serve.standardError.contains("older than the one the audit log"))
        let rotate = try setup.scenario.veil(["keys", "rotate", setup.profile])
        #expect(rotate.status == 77)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
