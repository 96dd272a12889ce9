import Foundation
import Testing
import VeilCore
import VeilCrypto
import VeilTestSupport

@testable import VeilVault

/// Staff accounts in a PostgreSQL vault: enrolment, login with key + TOTP, no code twice (even through a second
/// connection, as a second server would), daily limits.
@Suite("Staff accounts in a PostgreSQL vault", .enabled(if: TestPostgres.isAvailable), .serialized)
struct PostgresAccountStorageTests {
    @Test("enrol, log in, refuse a replayed code from another connection, count daily usage atomically")
    func accounts() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_staff")
        defer { TestPostgres.dropDatabase(database) }
        let directory = TemporaryDirectory("veil-staff")
        let keys = try KeyStore.create(
            at: directory.file("keys"), secret: .key(SecureBytes(Array(repeating: 8, count: 32))))
        let url = TestPostgres.url(database: database)
        let first = try StaffDirectory(storage: try PostgresVaultStorage(conninfo: url), keys: keys)
        let second = try StaffDirectory(storage: try PostgresVaultStorage(conninfo: url), keys: keys)
        let now = Date(timeIntervalSince1970: 1_900_000_000)
        let enrolment = try first.enrol(name: "alice", role: "support", now: now)
        #expect(throws: VeilError.self) { try first.enrol(name: "alice", role: "support", now: now) }
        let secret = enrolment.totpURI.split(separator: "secret=")[1].split(separator: "&")[0]
        let code = try TOTP(secret: SecureBytes(try Base32.decode(String(secret)))).code(at: now)
        let apiKey = enrolment.apiKey.reveal()

        #expect(try first.authenticate(name: "alice", apiKey: apiKey, code: code, at: now).account.role == "support")
        let replay = #expect(throws: StaffDirectory.LoginRefused.self) {
            try second.authenticate(name: "alice", apiKey: apiKey, code: code, at: now)
        }
        #expect(replay?.reason.contains("reused") == true)
        #expect(throws: StaffDirectory.LoginRefused.self) {
            try second.authenticate(name: "alice", apiKey: "veil_wrong", code: code, at: now.addingTimeInterval(30))
        }

        #expect(try first.spend(20, by: "alice", limit: 30, at: now))
        #expect(try !second.spend(11, by: "alice", limit: 30, at: now))
        #expect(try second.spend(10, by: "alice", limit: 30, at: now))
        #expect(try first.spend(30, by: "alice", limit: 30, at: now.addingTimeInterval(86_400)))

        try second.disable(name: "alice")
        #expect(try first.accounts().map(\.isDisabled) == [true])
        let disabled = #expect(throws: StaffDirectory.LoginRefused.self) {
            try first.authenticate(name: "alice", apiKey: apiKey, code: code, at: now.addingTimeInterval(60))
        }
        #expect(disabled?.reason == "account disabled")
    }
}
