import Foundation
import Testing
import VeilTestSupport
import VeilVault

@testable import VeilServer

/// The budget of audit lines for requests from nobody accountable, on the service with a clock the test moves:
/// 10 lines per address and 60 in all per minute, one summary line per minute for the rest, long names cut.
@Suite("Audit budget for unaccountable requests")
struct AuditBudgetTests {
    static func entries(_ setup: DetokenizationServiceTests.Setup) throws -> [[String: Any]] {
        try String(contentsOfFile: setup.audit.path, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    static func refuseLogin(_ setup: DetokenizationServiceTests.Setup, user: String = "mallory", from address: String) {
        #expect(throws: ServiceDenial.self) {
            try setup.service.login(user: user, apiKey: "veil_wrong", code: "000000", address: address)
        }
    }

    @Test("per address, in all, and the summary of the minute before written with the next refusal")
    func budget() throws {
        let setup = try DetokenizationServiceTests.Setup()
        // Every attempt checked (the per-address login throttle, tested on its own, would refuse most unchecked).
        setup.staff.throttle = LoginThrottle(addressFree: 1_000)
        for _ in 0..<30 { Self.refuseLogin(setup, from: "10.0.0.1") }
        for _ in 0..<5 { Self.refuseLogin(setup, from: "10.0.0.2") }
        // Six more addresses: 15 + 4 × 10 lines, then the minute's 60 run out halfway through 10.0.0.7.
        for address in 3...8 {
            for _ in 0..<10 { Self.refuseLogin(setup, from: "10.0.0.\(address)") }
        }
        var events = try Self.entries(setup).map { $0["event"] as! String }
        #expect(events.count == 60)
        #expect(events.allSatisfy { $0 == "login_denied" })

        setup.clock.advance(61)
        Self.refuseLogin(setup, from: "10.0.0.9")
        let entries = try Self.entries(setup)
        events = entries.map { $0["event"] as! String }
        #expect(events.count == 62)
        #expect(events[60] == "refusals_not_logged")
        #expect(events[61] == "login_denied")
        let summary = try #require(entries[60]["details"] as? [String: String])
        // 20 from .1 (over its 10), 5 from .7 and 10 from .8 (over the minute's 60).
        #expect(summary["count"] == "35")
        #expect(summary["sources"] == "3")
        #expect(summary["busiest"] == "10.0.0.1 20, 10.0.0.8 10, 10.0.0.7 5")
        #expect(summary["why"] == "unknown account 35")
        #expect(try setup.audit.verify().isClean)
    }

    @Test("a long user name is recorded as its first 24 bytes, its size and a keyed fingerprint")
    func longNames() throws {
        let setup = try DetokenizationServiceTests.Setup()
        let long = String(repeating: "é", count: 40_000)
        Self.refuseLogin(setup, user: long, from: "10.0.0.1")
        Self.refuseLogin(setup, user: long, from: "10.0.0.1")
        Self.refuseLogin(setup, user: String(repeating: "a", count: 64), from: "10.0.0.1")
        let users = try Self.entries(setup).map { $0["user"] as! String }
        #expect(users[0] == users[1], "equal names, equal records")
        #expect(users[0].hasPrefix(String(repeating: "é", count: 12) + "… (80000 bytes, fingerprint "))
        #expect(users[0].utf8.count < 120)
        #expect(users[2] == String(repeating: "a", count: 64))
    }

    @Test("malformed and oversize requests are audited within the same budget")
    func unread() throws {
        let setup = try DetokenizationServiceTests.Setup()
        try setup.service.refuseUnread(
            path: "/v1/" + String(repeating: "x", count: 5000), why: "malformed request", address: "10.0.0.1")
        let entry = try #require(try Self.entries(setup).first)
        let details = try #require(entry["details"] as? [String: String])
        #expect(entry["event"] as? String == "denial")
        #expect(details["why"] == "malformed request")
        #expect(details["address"] == "10.0.0.1")
        #expect(details["path"]!.hasPrefix("/v1/xxxxxxxxxxxxxxxxxxxx… (5004 bytes"))
    }

    @Test("wrong codes sent with the valid API key are written whatever the budget: they raise the audit head's count")
    func accountableFailures() throws {
        let setup = try DetokenizationServiceTests.Setup()
        // No waits, so all of it falls in one minute of the budget: only the lock after 5 wrong codes.
        setup.staff.throttle = LoginThrottle(accountFree: 10, addressFree: 1_000)
        for _ in 0..<AuditBudget.perSource { Self.refuseLogin(setup, from: "10.0.0.1") }
        for _ in 1...5 {
            let code = try setup.code("alice")
            let wrong = String(format: "%06d", (Int(code)! + 500_000) % 1_000_000)
            let refusal = #expect(throws: ServiceDenial.self) {
                try setup.service.login(
                    user: "alice", apiKey: setup.apiKeys["alice"]!, code: wrong, address: "10.0.0.1")
            }
            #expect(refusal?.kind == .unauthenticated)
        }
        let entries = try Self.entries(setup)
        let alice = entries.filter { $0["user"] as? String == "alice" }
        #expect(alice.map { $0["event"] as! String } == Array(repeating: "login_denied", count: 4) + ["login_locked"])
        #expect(alice.allSatisfy { ($0["details"] as? [String: String])?["address"] == "10.0.0.1" })
        #expect(try setup.audit.anchors().failures["alice"] == 5)
        #expect(try setup.audit.verify().isClean)
    }
}
