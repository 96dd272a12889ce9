import Foundation
import Testing
import VeilCore
import VeilCrypto
import VeilTestSupport
import VeilVault

@testable import VeilServer

/// The service against someone who writes the vault's database (here through a second connection to the same
/// SQLite file): edited staff rows are refused with audited denials, and rows rolled back to older, validly sealed
/// values are refused against the floors each login and grant leaves in the audit log's head.
@Suite("Detokenization service: staff record integrity")
struct DetokenizationIntegrityTests {
    typealias Setup = DetokenizationServiceTests.Setup

    /// The reason the audit log gives for its newest entry, and the entry's event.
    static func lastEntry(_ setup: Setup) throws -> (event: String, why: String) {
        let line = try #require(
            try String(contentsOfFile: setup.audit.path, encoding: .utf8).split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return (object["event"] as? String ?? "", (object["details"] as? [String: String])?["why"] ?? "")
    }

    static func refusedLogin(_ setup: Setup, _ name: String, code: String? = nil) throws -> String {
        let denial = #expect(throws: ServiceDenial.self) {
            try setup.service.login(user: name, apiKey: setup.apiKeys[name]!, code: try code ?? setup.code(name))
        }
        #expect(denial?.kind == .unauthenticated)
        #expect(denial?.message == "login refused")
        let entry = try lastEntry(setup)
        #expect(entry.event == "login_denied")
        return entry.why
    }

    @Test("an edited role or disabled flag refuses the login; a rolled-back table is older than the head's floor")
    func accounts() throws {
        let setup = try Setup()
        let attacker = try SQLiteVaultStorage(path: setup.directory.file("vault.sqlite"))
        var alice = try #require(try attacker.account(named: "alice"))
        alice.role = "billing"
        #expect(try attacker.updateAccount(alice))
        #expect(try Self.refusedLogin(setup, "alice").contains("alice's record fails its integrity check"))
        alice.role = "support"
        #expect(try attacker.updateAccount(alice))
        _ = try setup.login("alice")

        // bob disabled as `veil users disable` does it (the change, then the head's floor raised).
        let bobEnabled = try #require(try attacker.account(named: "bob"))
        let stateEnabled = try #require(try attacker.accountsState())
        let generation = try setup.staff.disable(name: "bob")
        try setup.audit.anchor(AuditAnchors(accounts: generation))
        var cleared = try #require(try attacker.account(named: "bob"))
        cleared.isDisabled = false
        #expect(try attacker.updateAccount(cleared))
        #expect(try Self.refusedLogin(setup, "bob").contains("bob's record fails its integrity check"))

        // The older row and state, both validly sealed, put back.
        #expect(try attacker.updateAccount(bobEnabled))
        try attacker.setAccountsState(stateEnabled)
        #expect(try Self.refusedLogin(setup, "bob").contains("older than the audit log's record"))
        #expect(try setup.audit.verify().isClean)
    }

    @Test("a last step put back to an older sealed value reopens no code: the login's step is the head's floor")
    func stepRollback() throws {
        let setup = try Setup()
        let attacker = try SQLiteVaultStorage(path: setup.directory.file("vault.sqlite"))
        _ = try setup.login("alice")
        let first = try #require(try attacker.account(named: "alice"))
        setup.clock.advance(30)
        let code = try setup.code("alice")
        _ = try setup.service.login(user: "alice", apiKey: setup.apiKeys["alice"]!, code: code)
        try attacker.setStep(first.lastAcceptedStep, seal: first.lastStepSeal, forAccount: "alice")
        #expect(try Self.refusedLogin(setup, "alice", code: code).contains("older than the audit log's record"))
        // Reset outright (no valid seal): refused for the seal.
        try attacker.setStep(nil, seal: first.lastStepSeal, forAccount: "alice")
        #expect(try Self.refusedLogin(setup, "alice", code: code).contains("last TOTP step fails its integrity check"))
    }

    @Test("a day's usage reset or put back to an older sealed count: the request is denied, audited, nothing revealed")
    func usage() throws {
        let setup = try Setup()
        let attacker = try SQLiteVaultStorage(path: setup.directory.file("vault.sqlite"))
        let session = try setup.login("alice")
        func request() throws -> [String?] {
            try setup.service.detokenize(
                session: session, domain: "person.email", tokens: Array(setup.tokens.prefix(5)), reason: "ticket 1")
        }
        func denied(_ why: String) throws {
            let denial = #expect(throws: ServiceDenial.self) { try request() }
            #expect(denial?.kind == .forbidden)
            #expect(denial?.message.contains("integrity") == true)
            let entry = try Self.lastEntry(setup)
            #expect(entry.event == "denial")
            #expect(entry.why.contains(why), "\(entry.why)")
        }
        let day = AuditAnchors.day(of: setup.clock.now)
        #expect(try request().count == 5)
        let five = try #require(try attacker.usage(forAccount: "alice", day: day))
        #expect(try request().count == 5)
        let ten = try #require(try attacker.usage(forAccount: "alice", day: day))
        #expect(ten.tokens == 10)

        // Reset: the count lowered without a seal for it.
        #expect(try attacker.replaceUsage(ten, with: StaffUsage(name: "alice", day: day, tokens: 0, seal: ten.seal)))
        try denied("fails its integrity check")
        // Put back: the older, validly sealed count of 5.
        let reset = try #require(try attacker.usage(forAccount: "alice", day: day))
        #expect(try attacker.replaceUsage(reset, with: five))
        try denied("below the audit log's record")
        #expect(try setup.events().filter { $0 == "grant" }.count == 2)
        #expect(try setup.audit.verify().isClean)
    }
}
