import Foundation
import Testing
import VeilCore
import VeilTestSupport
import VeilVault

@testable import VeilServer

/// A request the reverser refuses whole — an ambiguous key version, a key store that cannot be used — is an audited
/// denial (403, or 503 for the key store) decided before the request is charged, and nothing is revealed.
@Suite("Reversal refusals")
struct ReversalRefusalTests {
    /// Refuses `person.email` requests without a key version as ambiguous, and every request naming version 9 as
    /// unavailable; otherwise reverses through the vault.
    struct Refusing: TokenReverser {
        let vault: TokenVault

        func original(of token: String, domain: String, keyVersion: Int?, encoding: Int?) throws -> String? {
            try vault.original(of: token, domain: domain)
        }

        func reversal(domain: String, keyVersion: Int?, encoding: Int?) throws -> TokenReversal {
            if keyVersion == 9 {
                throw ServiceDenial(.unavailable, "the key store cannot be used", auditReason: "key store refused")
            }
            guard keyVersion != nil else {
                throw ServiceDenial(
                    .forbidden, "domain person.email was masked with key versions 1 and 2",
                    auditReason: "ambiguous key version: 1,2")
            }
            let vault = vault
            return TokenReversal { try vault.original(of: $0, domain: domain) }
        }
    }

    @Test("refused whole, audited with the reason, not charged: the day's quota is intact afterwards")
    func refusedBeforeCharge() throws {
        let setup = try DetokenizationServiceTests.Setup { Refusing(vault: $0) }
        let alice = try setup.login("alice")
        let twenty = Array(setup.tokens.prefix(20))
        // alice may reveal 30 tokens a day and make 6 requests a minute: two refused requests of 20 would exceed it.
        for _ in 0..<2 {
            let denial = #expect(throws: ServiceDenial.self) {
                try setup.service.detokenize(session: alice, domain: "person.email", tokens: twenty, reason: "case 1")
            }
            #expect(denial?.kind == .forbidden)
            #expect(denial?.message.contains("key versions 1 and 2") == true)
        }
        let unavailable = #expect(throws: ServiceDenial.self) {
            try setup.service.detokenize(
                session: alice, domain: "person.email", tokens: twenty, reason: "case 1", keyVersion: 9)
        }
        #expect(unavailable?.kind == .unavailable)
        let revealed = try setup.service.detokenize(
            session: alice, domain: "person.email", tokens: twenty, reason: "case 1", keyVersion: 1)
        #expect(revealed == setup.emails.prefix(20).map { Optional($0) })

        #expect(try setup.events() == ["login", "denial", "denial", "denial", "grant"])
        let log = try String(contentsOfFile: setup.audit.path, encoding: .utf8)
        #expect(log.components(separatedBy: "ambiguous key version: 1,2").count == 3)
        #expect(log.contains("key store refused"))
        #expect(try setup.audit.verify().isClean)
    }
}
