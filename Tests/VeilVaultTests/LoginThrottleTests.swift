import Foundation
import SQLiteDriver
import Testing
import VeilCrypto
import VeilTestSupport

@testable import VeilVault

/// Failed logins counted in the vault (SQLite, PostgreSQL) with a clock of our own: the account's backoff and lock
/// after wrong codes sent with its valid API key, the address's backoff, and the count's integrity — a row edited,
/// deleted or put back from an older copy is refused against the audit log's floor, and `unlock` repairs it.
@Suite("Login throttle", .serialized)
struct LoginThrottleTests {
    typealias Setup = AccountIntegrityTests.Setup
    static let start = AccountIntegrityTests.start

    /// A login of `name` with `code` (nil: the right one) at `start + seconds`; the refusal, if any. Floors raised
    /// by refusals are merged into `floors`, as the audit log's head would keep them.
    static func attempt(
        _ setup: Setup, _ name: String, code: String? = nil, apiKey: String? = nil, address: String? = nil,
        at seconds: Double, floors: inout AuditAnchors
    ) throws -> StaffDirectory.LoginRefused? {
        let date = start.addingTimeInterval(seconds)
        let sent = try code ?? TOTP(secret: setup.secrets[name]!).code(at: date)
        do {
            let login = try setup.directory.authenticate(
                name: name, apiKey: apiKey ?? setup.apiKeys[name]!, code: sent, address: address, at: date,
                floors: floors)
            floors = floors.merged(with: login.anchors)
            return nil
        } catch let refused as StaffDirectory.LoginRefused {
            floors = floors.merged(with: refused.anchors)
            return refused
        }
    }

    /// A code that is not alice's at `start + seconds` (nor the steps around it).
    static func wrong(_ setup: Setup, at seconds: Double) throws -> String {
        let totp = try TOTP(secret: setup.secrets["alice"]!)
        let valid = try Set([-30.0, 0, 30].map { try totp.code(at: start.addingTimeInterval(seconds + $0)) })
        return ["000000", "111111", "222222", "333333"].first { !valid.contains($0) }!
    }

    @Test("SQLite vault: backoff, lock, integrity of the count")
    func sqlite() throws {
        let directory = TemporaryDirectory("veil-throttle-sqlite")
        let path = directory.file("vault.sqlite")
        let raw = try SQLiteConnection(path: path)
        try raw.setBusyTimeout(milliseconds: 10_000)
        try Self.scenario(Setup(storage: try SQLiteVaultStorage(path: path), sql: { try raw.execute($0) }, no: "0"))
    }

    @Test("PostgreSQL vault: backoff, lock, integrity of the count", .enabled(if: TestPostgres.isAvailable))
    func postgres() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_throttle")
        defer { TestPostgres.dropDatabase(database) }
        try Self.scenario(
            Setup(
                storage: try PostgresVaultStorage(conninfo: TestPostgres.url(database: database)),
                sql: { _ = try TestPostgres.psql(database: database, $0) }, no: "false"))
    }

    static func scenario(_ setup: Setup) throws {
        var floors = AuditAnchors()
        let wrongCode = try wrong(setup, at: 0)

        // Wrong API keys do not count against the account (a name alone slows down nobody).
        for second in 0..<8 {
            let refused = try attempt(
                setup, "alice", code: wrongCode, apiKey: "veil_guess", at: Double(second), floors: &floors)
            #expect(refused?.reason == "wrong API key")
        }
        #expect(try setup.storage.loginFailures(of: "account:alice") == nil)

        // Wrong codes with the right key: the first two are checked at once, then each waits 1, 2, 4 s.
        #expect(try attempt(setup, "alice", code: wrongCode, at: 10, floors: &floors)?.kind == .refused)
        #expect(floors.failures["alice"] == 1)
        let second = try attempt(setup, "alice", code: wrongCode, at: 10, floors: &floors)
        #expect(second?.reason == "wrong or reused TOTP code" && second?.kind == .refused)
        let older = try #require(try setup.storage.loginFailures(of: "account:alice"))
        #expect(try attempt(setup, "alice", at: 10.5, floors: &floors)?.kind == .throttled(seconds: 1))
        #expect(try attempt(setup, "alice", code: wrongCode, at: 11, floors: &floors)?.kind == .refused)
        #expect(try attempt(setup, "alice", code: wrongCode, at: 12.9, floors: &floors)?.kind == .throttled(seconds: 1))
        #expect(try attempt(setup, "alice", code: wrongCode, at: 13, floors: &floors)?.kind == .refused)
        #expect(try attempt(setup, "alice", code: wrongCode, at: 14, floors: &floors)?.kind == .throttled(seconds: 3))
        let locking = try #require(try attempt(setup, "alice", code: wrongCode, at: 17, floors: &floors))
        #expect(locking.lockedNow && locking.kind == .refused && floors.failures["alice"] == 5)
        // Locked: even the right code, long after, is refused until an unlock.
        #expect(try attempt(setup, "alice", at: 600, floors: &floors)?.kind == .locked)
        #expect(try setup.directory.failuresInARow() == ["alice": 5])
        // bob is untouched.
        #expect(try attempt(setup, "bob", at: 600, floors: &floors) == nil)

        // Whoever writes the vault cannot clear the count: an edited, deleted or older row is refused.
        let current = try #require(try setup.storage.loginFailures(of: "account:alice"))
        try setup.sql("UPDATE veil_login_failures SET cleared = failures WHERE subject = 'account:alice'")
        #expect(try attempt(setup, "alice", at: 630, floors: &floors)?.reason.contains("integrity check") == true)
        try setup.sql("DELETE FROM veil_login_failures WHERE subject = 'account:alice'")
        #expect(try attempt(setup, "alice", at: 630, floors: &floors)?.reason.contains("missing") == true)
        #expect(try setup.storage.replaceLoginFailures(nil, with: older))
        #expect(try attempt(setup, "alice", at: 630, floors: &floors)?.reason.contains("reset") == true)
        #expect(current.failures == 5)

        // `unlock` repairs the row at the floor and ends the run: the right code passes, and the run starts anew.
        #expect(try setup.directory.unlock(name: "alice", floors: floors, at: start.addingTimeInterval(640)) > 0)
        #expect(try attempt(setup, "alice", at: 660, floors: &floors) == nil)
        let repaired = try #require(try setup.storage.loginFailures(of: "account:alice"))
        #expect(repaired.failures == 5 && repaired.inARow == 0)
        #expect(
            try attempt(setup, "alice", code: try Self.wrong(setup, at: 700), at: 700, floors: &floors)?.kind
                == .refused)
        #expect(floors.failures["alice"] == 6)
        #expect(try attempt(setup, "alice", at: 730, floors: &floors) == nil, "one wrong code makes no wait")
        #expect(try setup.directory.failuresInARow().isEmpty)
    }

    @Test("an address's refusals: ten free, then doubling waits; forgotten after an hour; other addresses unaffected")
    func addresses() throws {
        let directory = TemporaryDirectory("veil-throttle-address")
        let path = directory.file("vault.sqlite")
        let raw = try SQLiteConnection(path: path)
        let setup = try Setup(storage: try SQLiteVaultStorage(path: path), sql: { try raw.execute($0) }, no: "0")
        var floors = AuditAnchors()
        for index in 0..<11 {
            let refused = try Self.attempt(
                setup, "nobody\(index)", code: "123456", apiKey: "veil_guess", address: "203.0.113.9", at: 0,
                floors: &floors)
            #expect(refused?.reason == "unknown account")
        }
        let waiting = try Self.attempt(
            setup, "alice", address: "203.0.113.9", at: 0.5, floors: &floors)
        #expect(waiting?.kind == .throttled(seconds: 1), "even the right login waits from that address")
        #expect(try Self.attempt(setup, "alice", address: "198.51.100.7", at: 0.5, floors: &floors) == nil)
        #expect(try Self.attempt(setup, "bob", address: "203.0.113.9", at: 1, floors: &floors) == nil)
        // An hour after its newest failure, the address starts afresh.
        for index in 0..<11 {
            _ = try Self.attempt(
                setup, "nobody", code: "123456", apiKey: "veil_guess", address: "203.0.113.9",
                at: 3700 + Double(index) / 10, floors: &floors)
        }
        #expect(
            try Self.attempt(setup, "alice", address: "203.0.113.9", at: 3701.5, floors: &floors)?.kind
                == .throttled(seconds: 1))
    }
}
