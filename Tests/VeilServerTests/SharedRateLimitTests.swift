import Foundation
import Testing
import VeilCrypto
import VeilProfile
import VeilTestSupport
import VeilVault

@testable import VeilServer

/// The per-minute request limit is kept in the vault's database, so two `veil serve` processes on one vault share
/// it: two service instances, each with its own connection and sessions, one account, one limit.
@Suite("Per-minute limit shared by servers on one vault", .serialized)
struct SharedRateLimitTests {
    /// Two services over one vault (each with its own storage connection), `alice` (support, 4 requests a
    /// minute) enrolled, logged in once on each.
    final class TwoServers: @unchecked Sendable {
        let directory = TemporaryDirectory("veil-shared-limit")
        let clock = DetokenizationServiceTests.Clock()
        let services: [DetokenizationService]
        let sessions: [String]
        let tokens: [String]

        init(openStorage: () throws -> any VaultStorage) throws {
            let keys = try KeyStore.create(
                at: directory.file("keys"), secret: .key(SecureBytes(Array(repeating: 6, count: 32))))
            let vault = try TokenVault(storage: try openStorage(), keys: keys)
            tokens = try vault.tokens(for: ["first.person@example.org"], domain: "person.email")
            let audit = try AuditLog.open(at: directory.file("audit.log"), key: keys.key(for: .audit)!.material)
            let policy = try AccessPolicy.parse(
                """
                roles:
                  support: { domains: [person.email], tokens_per_request: 5, tokens_per_day: 1000, requests_per_minute: 4 }
                """, file: "policy.yaml")
            let clock = clock
            let directories = try (0..<2).map { _ in
                try StaffDirectory(storage: try #require(try openStorage() as? AccountStorage), keys: keys)
            }
            services = directories.map { staff in
                DetokenizationService(
                    directory: staff, policy: policy, reverser: VaultReverser(vault: vault), audit: audit,
                    clock: { clock.now })
            }
            let enrolment = try directories[0].enrol(name: "alice", role: "support", now: clock.now)
            let secret = enrolment.totpURI.split(separator: "secret=")[1].split(separator: "&")[0]
            let totp = try TOTP(secret: SecureBytes(try Base32.decode(String(secret))))
            var sessions: [String] = []
            for service in services {
                sessions.append(
                    try service.login(
                        user: "alice", apiKey: enrolment.apiKey.reveal(), code: try totp.code(at: clock.now)
                    ).sessionToken)
                clock.advance(30)  // a code is accepted once: the second login takes the next step's
            }
            self.sessions = sessions
        }

        /// One request through server `index`: true when granted, false when refused as over the minute's limit.
        func request(on index: Int) throws -> Bool {
            do {
                _ = try services[index].detokenize(
                    session: sessions[index], domain: "person.email", tokens: tokens, reason: "ticket 1")
                return true
            } catch let denial as ServiceDenial where denial.kind == .rateLimited {
                return false
            }
        }
    }

    static func checkSharedLimit(_ servers: TwoServers) throws {
        // Four requests a minute for the account, whichever server answers them.
        #expect(try [0, 1, 0, 1].map { try servers.request(on: $0) } == [true, true, true, true])
        #expect(try !servers.request(on: 0))
        #expect(try !servers.request(on: 1))
        servers.clock.advance(30)
        #expect(try !servers.request(on: 1))
        // A sliding minute: once the first four are a minute old, four more pass.
        servers.clock.advance(31)
        #expect(try [1, 0, 1, 0].map { try servers.request(on: $0) } == [true, true, true, true])
        #expect(try !servers.request(on: 0))
    }

    /// 40 requests at the same instant, from 4 connections (as 4 servers) on 10 threads each: exactly `limit` are
    /// admitted.
    static func checkRace(_ openStorage: () throws -> any RequestRateStorage) throws {
        let servers = Servers(try (0..<4).map { _ in try openStorage() })
        let admitted = Counter()
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 40) { index in
            do {
                let granted = try servers.admit(through: index % 4)
                if granted { admitted.add() }
            } catch {
                failures.add()
            }
        }
        #expect(failures.value == 0)
        #expect(admitted.value == 7)
    }

    /// Connections standing for servers; each used by one thread at a time, as a server's directory does.
    final class Servers: @unchecked Sendable {
        let storages: [any RequestRateStorage]
        let locks: [NSLock]

        init(_ storages: [any RequestRateStorage]) {
            self.storages = storages
            locks = storages.map { _ in NSLock() }
        }

        func admit(through server: Int) throws -> Bool {
            try locks[server].withLock {
                try storages[server].admitRequest(
                    forAccount: "racer", atMillisecond: 1_900_000_000_000, windowMilliseconds: 60_000, limit: 7)
            }
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var value: Int { lock.withLock { count } }
        func add() { lock.withLock { count += 1 } }
    }

    @Test("SQLite vault: 40 simultaneous requests through 4 connections admit exactly the limit")
    func sqliteRace() throws {
        let folder = TemporaryDirectory("veil-shared-limit-race")
        let path = folder.file("vault.sqlite")
        try Self.checkRace { try SQLiteVaultStorage(path: path) }
    }

    @Test(
        "PostgreSQL vault: 40 simultaneous requests through 4 connections admit exactly the limit",
        .enabled(if: TestPostgres.isAvailable))
    func postgresRace() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_shared_limit_race")
        defer { TestPostgres.dropDatabase(database) }
        let url = TestPostgres.url(database: database)
        try Self.checkRace { try PostgresVaultStorage(conninfo: url) }
    }

    @Test("SQLite vault: two services share one per-minute limit")
    func sqlite() throws {
        let folder = TemporaryDirectory("veil-shared-limit-vault")
        let path = folder.file("vault.sqlite")
        try Self.checkSharedLimit(try TwoServers { try SQLiteVaultStorage(path: path) })
        withExtendedLifetime(folder) {}
    }

    @Test("PostgreSQL vault: two services share one per-minute limit", .enabled(if: TestPostgres.isAvailable))
    func postgres() throws {
        let database = try TestPostgres.createDatabase(prefix: "veil_shared_limit")
        defer { TestPostgres.dropDatabase(database) }
        let url = TestPostgres.url(database: database)
        try Self.checkSharedLimit(try TwoServers { try PostgresVaultStorage(conninfo: url) })
    }
}
