import Foundation
import Testing
import VeilCore
import VeilCrypto
import VeilProfile
import VeilTestSupport
import VeilVault

@testable import VeilServer

/// The detokenization service's decisions on a real vault, account store and audit log (SQLite and files in a
/// temporary directory), with a clock the tests move.
@Suite("Detokenization service")
struct DetokenizationServiceTests {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date(timeIntervalSince1970: 1_900_000_000)
        var now: Date { lock.withLock { current } }
        func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    }

    /// A vault holding tokens of 40 emails, staff `alice` (support) and `bob` (billing), and the service.
    final class Setup: @unchecked Sendable {
        let directory = TemporaryDirectory("veil-service")
        let clock = Clock()
        let keys: KeyStore
        let vault: TokenVault
        let staff: StaffDirectory
        let audit: AuditLog
        let service: DetokenizationService
        let emails = (0..<40).map { "person\($0).name@example.org" }
        let tokens: [String]
        var secrets: [String: SecureBytes] = [:]
        var apiKeys: [String: String] = [:]

        static let defaultPolicy = """
            roles:
              support: { domains: [person.email], tokens_per_request: 20, tokens_per_day: 30, requests_per_minute: 6 }
              billing: { domains: [person.phone], tokens_per_request: 5, tokens_per_day: 10 }
            """

        /// - Parameter reverser: the service's reverser over the vault (the vault alone by default).
        init(
            policy policyText: String? = nil,
            reverser makeReverser: (TokenVault) -> any TokenReverser = { VaultReverser(vault: $0) }
        ) throws {
            keys = try KeyStore.create(
                at: directory.file("keys"), secret: .key(SecureBytes(Array(repeating: 4, count: 32))))
            let vaultPath = directory.file("vault.sqlite")
            vault = try TokenVault(storage: try SQLiteVaultStorage(path: vaultPath), keys: keys)
            tokens = try vault.tokens(for: emails, domain: "person.email")
            staff = try StaffDirectory(storage: try SQLiteVaultStorage(path: vaultPath), keys: keys)
            audit = try AuditLog.open(at: directory.file("audit.log"), key: keys.key(for: .audit)!.material)
            let policy = try AccessPolicy.parse(policyText ?? Self.defaultPolicy, file: "policy.yaml")
            let clock = clock
            service = DetokenizationService(
                directory: staff, policy: policy, reverser: makeReverser(vault), audit: audit,
                clock: { clock.now })
            for (name, role) in [("alice", "support"), ("bob", "billing")] {
                let enrolment = try staff.enrol(name: name, role: role, now: clock.now)
                apiKeys[name] = enrolment.apiKey.reveal()
                let secret = enrolment.totpURI.split(separator: "secret=")[1].split(separator: "&")[0]
                secrets[name] = SecureBytes(try Base32.decode(String(secret)))
            }
        }

        func code(_ name: String, offset: TimeInterval = 0) throws -> String {
            try TOTP(secret: secrets[name]!).code(at: clock.now.addingTimeInterval(offset))
        }

        func login(_ name: String) throws -> String {
            try service.login(user: name, apiKey: apiKeys[name]!, code: try code(name)).sessionToken
        }

        func events() throws -> [String] {
            try String(contentsOfFile: audit.path, encoding: .utf8).split(separator: "\n").map { line in
                (try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["event"] as! String
            }
        }
    }

    @Test("key + TOTP login, then 20 tokens give exactly the 20 originals; the log holds fingerprints only")
    func grant() throws {
        let setup = try Setup()
        let session = try setup.login("alice")
        let originals = try setup.service.detokenize(
            session: session, domain: "person.email", tokens: Array(setup.tokens.prefix(20)), reason: "ticket 4711")
        #expect(originals == setup.emails.prefix(20).map { Optional($0) })
        #expect(
            try setup.service.detokenize(
                session: session, domain: "person.email", tokens: ["zzzzzz.zzzz@zzzzzzz.zzz"], reason: "ticket 4712")
                == [nil])
        #expect(try setup.events() == ["login", "grant", "grant"])
        let log = try String(contentsOfFile: setup.audit.path, encoding: .utf8)
        for (token, email) in zip(setup.tokens, setup.emails) {
            #expect(!log.contains(token) && !log.contains(email))
        }
        #expect(log.contains(setup.audit.fingerprint(token: setup.tokens[0], domain: "person.email")))
        #expect(try setup.audit.verify().isClean)
    }

    @Test("refused logins: replayed code, code two steps off, wrong key, unknown or disabled account")
    func refusedLogins() throws {
        let setup = try Setup()
        let code = try setup.code("alice")
        _ = try setup.service.login(user: "alice", apiKey: setup.apiKeys["alice"]!, code: code)
        var reasons: [String] = []
        func refused(_ user: String, key: String?, code: String) {
            do {
                _ = try setup.service.login(user: user, apiKey: key ?? setup.apiKeys[user] ?? "veil_x", code: code)
                Issue.record("a login that must fail succeeded")
            } catch let denial as ServiceDenial {
                #expect(denial.kind == .unauthenticated)
                #expect(denial.message == "login refused")
                reasons.append(denial.auditReason)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        refused("alice", key: nil, code: code)
        refused("alice", key: nil, code: try setup.code("alice", offset: 60))
        refused("alice", key: setup.apiKeys["bob"], code: try setup.code("alice", offset: 30))
        refused("mallory", key: nil, code: "123456")
        try setup.staff.disable(name: "bob")
        refused("bob", key: nil, code: try setup.code("bob"))
        #expect(
            reasons == [
                "wrong or reused TOTP code", "wrong or reused TOTP code", "wrong API key", "unknown account",
                "account disabled",
            ])
        #expect(try setup.events() == ["login"] + Array(repeating: "login_denied", count: 5))
        // The next step's code still works once.
        setup.clock.advance(30)
        #expect(throws: Never.self) { try setup.login("alice") }
    }

    @Test("denied: another role's domain, over the per-request, per-day and per-minute limits, no reason, expired")
    func denials() throws {
        let setup = try Setup()
        let alice = try setup.login("alice")
        let bob = try setup.login("bob")
        func denied(
            _ kind: ServiceDenial.Kind, _ session: String, domain: String = "person.email", count: Int = 1,
            reason: String = "ticket"
        ) {
            do {
                _ = try setup.service.detokenize(
                    session: session, domain: domain, tokens: Array(setup.tokens.prefix(count)), reason: reason)
                Issue.record("a request that must be denied was granted")
            } catch let denial as ServiceDenial {
                #expect(denial.kind == kind)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        denied(.forbidden, bob)  // billing may not reveal person.email
        denied(.forbidden, alice, count: 21)  // over 20 per request
        denied(.forbidden, alice, reason: "   ")  // no reason
        #expect(
            try setup.service.detokenize(
                session: alice, domain: "person.email", tokens: Array(setup.tokens.prefix(20)), reason: "t1"
            ).count == 20)
        denied(.forbidden, alice, count: 11)  // 20 + 11 > 30 per day
        #expect(
            try setup.service.detokenize(
                session: alice, domain: "person.email", tokens: Array(setup.tokens.prefix(10)), reason: "t2"
            ).count == 10)
        denied(.forbidden, alice)  // the day's 30 tokens are used
        denied(.rateLimited, alice)  // 7th request within a minute (limit 6)
        setup.clock.advance(16 * 60)
        denied(.unauthenticated, alice)  // the 15-minute session expired
        let events = try setup.events()
        #expect(events.filter { $0 == "denial" }.count == 7)
        #expect(events.filter { $0 == "grant" }.count == 2)
        #expect(try setup.audit.verify().isClean)
    }

    @Test("when the audit log cannot be written, logins and requests are refused")
    func auditUnavailable() throws {
        let setup = try Setup()
        let session = try setup.login("alice")
        try FileManager.default.removeItem(atPath: setup.audit.path)
        try FileManager.default.createDirectory(atPath: setup.audit.path, withIntermediateDirectories: false)
        let request = #expect(throws: ServiceDenial.self) {
            try setup.service.detokenize(
                session: session, domain: "person.email", tokens: [setup.tokens[0]], reason: "ticket")
        }
        #expect(request?.kind == .auditUnavailable)
        setup.clock.advance(30)
        let login = #expect(throws: ServiceDenial.self) { try setup.login("alice") }
        #expect(login?.kind == .auditUnavailable)
    }
}
