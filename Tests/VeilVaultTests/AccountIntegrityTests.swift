import Foundation
import SQLiteDriver
import Testing
import VeilCore
import VeilCrypto
import VeilTestSupport

@testable import VeilVault

/// Staff rows edited or rolled back by someone who can write the vault's database (SQLite file or PostgreSQL), as
/// the review did it: a role changed, a disabled flag cleared, a last TOTP step reset, a day's usage reset, an older
/// validly sealed row put back. Each is refused; the floors from the audit log's head catch the rollbacks.
@Suite("Staff account integrity", .serialized)
struct AccountIntegrityTests {
    static let start = Date(timeIntervalSince1970: 1_900_000_020)

    /// A directory over one storage, a raw SQL hand on the same database, and two enrolled accounts.
    final class Setup: @unchecked Sendable {
        let keysDirectory = TemporaryDirectory("veil-integrity")
        let keys: KeyStore
        let directory: StaffDirectory
        let storage: AccountStorage
        let sql: (String) throws -> Void
        /// What `false`/`true` are in the storage's SQL.
        let no: String
        var apiKeys: [String: String] = [:]
        var secrets: [String: SecureBytes] = [:]

        init(storage: AccountStorage, sql: @escaping (String) throws -> Void, no: String) throws {
            keys = try KeyStore.create(
                at: keysDirectory.file("keys"), secret: .key(SecureBytes(Array(repeating: 6, count: 32))))
            self.storage = storage
            self.sql = sql
            self.no = no
            directory = try StaffDirectory(storage: storage, keys: keys)
            for name in ["alice", "bob"] {
                let enrolment = try directory.enrol(name: name, role: "support", now: AccountIntegrityTests.start)
                apiKeys[name] = enrolment.apiKey.reveal()
                let secret = enrolment.totpURI.split(separator: "secret=")[1].split(separator: "&")[0]
                secrets[name] = SecureBytes(try Base32.decode(String(secret)))
            }
        }

        func login(_ name: String, at date: Date, floors: AuditAnchors = AuditAnchors()) throws
            -> StaffDirectory.Authenticated
        {
            let code = try TOTP(secret: secrets[name]!).code(at: date)
            return try directory.authenticate(name: name, apiKey: apiKeys[name]!, code: code, at: date, floors: floors)
        }

        /// The reason a login is refused for.
        func refusal(_ name: String, at date: Date, floors: AuditAnchors = AuditAnchors()) -> String? {
            do {
                _ = try login(name, at: date, floors: floors)
                return nil
            } catch let refused as StaffDirectory.LoginRefused {
                return refused.reason
            } catch {
                return "unexpected \(error)"
            }
        }
    }

    @Test("SQLite vault: edits and rollbacks of staff rows are refused")
    func sqlite() throws {
        let directory = TemporaryDirectory("veil-integrity-sqlite")
        let path = directory.file("vault.sqlite")
        let raw = try SQLiteConnection(path: path)
        try raw.setBusyTimeout(milliseconds: 10_000)
        try Self.scenario(Setup(storage: try SQLiteVaultStorage(path: path), sql: { try raw.execute($0) }, no: "0"))
    }

    @Test("PostgreSQL vault: edits and rollbacks of staff rows are refused", .enabled(if: TestPostgres.isAvailable))
    func postgres() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_integrity")
        defer { TestPostgres.dropDatabase(database) }
        try Self.scenario(
            Setup(
                storage: try PostgresVaultStorage(conninfo: TestPostgres.url(database: database)),
                sql: { _ = try TestPostgres.psql(database: database, $0) }, no: "false"))
    }

    @Test("rows without seals (an older Veil) are refused until `seal` accepts them; then logins pass again")
    func sealLegacyRows() throws {
        let directory = TemporaryDirectory("veil-integrity-seal")
        let path = directory.file("vault.sqlite")
        let raw = try SQLiteConnection(path: path)
        let setup = try Setup(storage: try SQLiteVaultStorage(path: path), sql: { try raw.execute($0) }, no: "0")
        _ = try setup.login("alice", at: Self.start)
        #expect(try setup.directory.charge(3, by: "alice", limit: 10, at: Self.start) == 3)
        try setup.sql("UPDATE veil_staff SET seal = NULL, step_seal = NULL; UPDATE veil_staff_usage SET seal = NULL")
        try setup.sql("DELETE FROM veil_vault WHERE name = 'staff_state'")
        #expect(setup.refusal("bob", at: Self.start)?.contains("not sealed") == true)
        #expect(try setup.directory.accounts().allSatisfy { !setup.directory.isSealed($0) })
        var seen: (Int, Int)?
        let generation = try setup.directory.seal(now: Self.start, floor: 7) { seen = ($0, $1) }
        #expect(generation == 8, "above the floor it is given")
        #expect(seen?.0 == 8 && seen?.1 == 2)
        #expect(try setup.directory.integrityProblem(floor: 8) == nil)
        #expect(try setup.login("bob", at: Self.start).generation == 8)
        #expect(try setup.login("alice", at: Self.start + 30).account.name == "alice")
        #expect(try setup.directory.charge(3, by: "alice", limit: 10, at: Self.start) == 6)
    }

    @Test(
        "the rows and the sealed state are read as of one moment: changes on another connection never look like tampering"
    )
    func consistentReads() throws {
        let directory = TemporaryDirectory("veil-integrity-race")
        let path = directory.file("vault.sqlite")
        let raw = try SQLiteConnection(path: path)
        let setup = try Setup(storage: try SQLiteVaultStorage(path: path), sql: { try raw.execute($0) }, no: "0")
        try Self.race(setup, reader: try StaffDirectory(storage: try SQLiteVaultStorage(path: path), keys: setup.keys))
        guard TestPostgres.isAvailable else { return }
        let database = try TestPostgres.createDatabase(prefix: "veil_integrity_race")
        defer { TestPostgres.dropDatabase(database) }
        let url = TestPostgres.url(database: database)
        let postgres = try Setup(
            storage: try PostgresVaultStorage(conninfo: url),
            sql: { _ = try TestPostgres.psql(database: database, $0) },
            no: "false")
        try Self.race(
            postgres, reader: try StaffDirectory(storage: try PostgresVaultStorage(conninfo: url), keys: postgres.keys))
    }

    /// One thread changes bob's role 40 times while another checks the table 400 times through its own connection.
    static func race(_ setup: Setup, reader: StaffDirectory) throws {
        final class Found: @unchecked Sendable {
            let lock = NSLock()
            var reasons: [String] = []
            func add(_ reason: String) { lock.withLock { reasons.append(reason) } }
        }
        let found = Found()
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            do {
                if lane == 0 {
                    for round in 0..<40 {
                        try setup.directory.setRole(round % 2 == 0 ? "billing" : "support", of: "bob")
                    }
                } else {
                    for _ in 0..<400 {
                        if let problem = try reader.integrityProblem(floor: 0) { found.add(problem.reason) }
                    }
                }
            } catch {
                found.add("\(error)")
            }
        }
        #expect(found.reasons.isEmpty, "\(found.reasons.prefix(3))")
    }

    static func scenario(_ setup: Setup) throws {
        var now = start
        func later() -> Date {
            now += 30
            return now
        }
        let yes = setup.no == "0" ? "1" : "true"

        // A role changed in the database: the row no longer verifies (the support user does not become `fraud`).
        try setup.sql("UPDATE veil_staff SET role = 'fraud' WHERE name = 'alice'")
        #expect(setup.refusal("alice", at: later())?.contains("alice's record fails its integrity check") == true)
        try setup.sql("UPDATE veil_staff SET role = 'support' WHERE name = 'alice'")
        #expect(try setup.login("alice", at: later()).account.role == "support")
        // No `veil users` change builds on an edited row (it would seal it).
        try setup.sql("UPDATE veil_staff SET role = 'fraud' WHERE name = 'bob'")
        let laundering = #expect(throws: VeilError.self) { try setup.directory.setRole("billing", of: "alice") }
        #expect(laundering?.code == .keyStore)
        try setup.sql("UPDATE veil_staff SET role = 'support' WHERE name = 'bob'")

        // A disabled flag cleared.
        let bobEnabled = try #require(try setup.storage.account(named: "bob"))
        let stateEnabled = try #require(try setup.storage.accountsState())
        let disabledGeneration = try setup.directory.disable(name: "bob")
        #expect(setup.refusal("bob", at: later()) == "account disabled")
        try setup.sql("UPDATE veil_staff SET disabled = \(setup.no) WHERE name = 'bob'")
        #expect(setup.refusal("bob", at: later())?.contains("bob's record fails its integrity check") == true)
        try setup.sql("UPDATE veil_staff SET disabled = \(yes) WHERE name = 'bob'")

        // The older, validly sealed row put back: it no longer matches the sealed state of the table...
        #expect(try setup.storage.updateAccount(bobEnabled))
        #expect(setup.refusal("bob", at: later())?.contains("differ from their sealed state") == true)
        // ...and with the older state record too, the audit log's floor refuses it. Without a floor (no audit
        // log) the rollback cannot be told from the real thing: the documented limit.
        try setup.storage.setAccountsState(stateEnabled)
        let floors = AuditAnchors(accounts: disabledGeneration)
        #expect(
            setup.refusal("bob", at: later(), floors: floors)?.contains("older than the audit log's record") == true)
        #expect(try setup.login("bob", at: later()).account.isDisabled == false)
        try setup.directory.disable(name: "bob")

        // A last step reset: the same code again is refused for the step's seal, not accepted as new.
        let loginTime = later()
        _ = try setup.login("alice", at: loginTime)
        let aliceStep = try #require(try setup.storage.account(named: "alice"))
        try setup.sql("UPDATE veil_staff SET last_step = NULL WHERE name = 'alice'")
        #expect(setup.refusal("alice", at: loginTime)?.contains("last TOTP step fails its integrity check") == true)

        // An older, validly sealed step put back: the code accepted since is refused against the floor.
        let replayTime = later()
        try setup.storage.setStep(aliceStep.lastAcceptedStep, seal: aliceStep.lastStepSeal, forAccount: "alice")
        let accepted = try setup.login("alice", at: replayTime)
        try setup.storage.setStep(aliceStep.lastAcceptedStep, seal: aliceStep.lastStepSeal, forAccount: "alice")
        #expect(
            setup.refusal("alice", at: replayTime, floors: accepted.anchors)?.contains(
                "older than the audit log's record")
                == true)

        // A day's usage reset, then an older, validly sealed count put back.
        let day = AuditAnchors.day(of: now)
        #expect(try setup.directory.charge(20, by: "alice", limit: 30, at: now) == 20)
        let twenty = try #require(try setup.storage.usage(forAccount: "alice", day: day))
        try setup.sql("UPDATE veil_staff_usage SET tokens = 0 WHERE name = 'alice'")
        let reset = #expect(throws: AccountIntegrityFailure.self) {
            try setup.directory.charge(5, by: "alice", limit: 30, at: now)
        }
        #expect(reset?.reason.contains("usage of \(day) fails its integrity check") == true)
        try setup.sql("UPDATE veil_staff_usage SET tokens = 20 WHERE name = 'alice'")
        #expect(try setup.directory.charge(5, by: "alice", limit: 30, at: now) == 25)
        #expect(try setup.directory.charge(6, by: "alice", limit: 30, at: now) == nil)
        try setup.sql(
            "UPDATE veil_staff_usage SET tokens = 20, seal = '\(twenty.seal ?? "")' WHERE name = 'alice'")
        let usageFloor = AuditAnchors(usage: ["alice": .init(day: day, tokens: 25)])
        let rolledBack = #expect(throws: AccountIntegrityFailure.self) {
            try setup.directory.charge(5, by: "alice", limit: 30, at: now, floors: usageFloor)
        }
        #expect(rolledBack?.reason.contains("below the audit log's record") == true)
    }
}
