import Foundation
import Testing
import VeilCore
import VeilCrypto
import VeilTestSupport

@testable import VeilVault

/// The floors the audit log's head carries: raised by appends and by `anchor(_:)`, never lowered, kept across
/// reopening, protected by the head's MAC, and pruned once they can no longer matter.
@Suite("Audit anchors")
struct AuditAnchorsTests {
    let key = SecureBytes(Array(repeating: 0x3C, count: 32))
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let today = AuditAnchors.day(of: now)
    static let step = Int64(1_900_000_000 / 30)

    func open(_ directory: TemporaryDirectory) throws -> AuditLog {
        try AuditLog.open(at: directory.file("audit.log"), key: key, clock: { Self.now })
    }

    @Test("appends raise the floors (the larger value wins), a plain append keeps them, reopening reads them")
    func raiseAndKeep() throws {
        let directory = TemporaryDirectory("veil-anchors")
        let log = try open(directory)
        #expect(try log.anchors() == AuditAnchors())
        try log.anchor(AuditAnchors(keyStore: 9))
        #expect(try log.anchors() == AuditAnchors(), "a log without entries has no head to hold floors")

        try log.append(.keyInit, anchoring: AuditAnchors(keyStore: 3, accounts: 2))
        try log.append(
            .login, user: "alice",
            anchoring: AuditAnchors(
                keyStore: 1, steps: ["alice": Self.step], usage: ["alice": .init(day: Self.today, tokens: 5)]))
        try log.append(
            .grant, user: "alice",
            anchoring: AuditAnchors(
                steps: ["alice": Self.step - 1, "bob": Self.step], usage: ["alice": .init(day: Self.today, tokens: 4)]))
        try log.append(.denial)
        let expected = AuditAnchors(
            keyStore: 3, accounts: 2, steps: ["alice": Self.step, "bob": Self.step],
            usage: ["alice": .init(day: Self.today, tokens: 5)])
        #expect(try log.anchors() == expected)
        #expect(try open(directory).anchors() == expected)
        #expect(try log.verify().isClean)
        #expect(expected.tokensUsed(by: "alice", on: Self.today) == 5)
        #expect(expected.tokensUsed(by: "alice", on: "2000-01-01") == 0)

        // anchor(_:) raises without a new entry.
        let entries = try log.verify().entries
        try log.anchor(AuditAnchors(keyStore: 4, accounts: 1))
        #expect(try log.anchors().keyStore == 4)
        #expect(try log.anchors().accounts == 2)
        #expect(try log.verify().entries == entries)
        #expect(try log.verify().isClean)
    }

    @Test("a head whose floors were lowered fails its MAC: the log refuses to open")
    func loweredHeadRefused() throws {
        let directory = TemporaryDirectory("veil-anchors")
        let log = try open(directory)
        try log.append(.keyRetire, anchoring: AuditAnchors(keyStore: 7))
        let head = try String(contentsOfFile: log.headPath, encoding: .utf8)
        #expect(head.contains("\"keystore\":7"))
        try SecureFile.writeAtomically(
            Array(head.replacingOccurrences(of: "\"keystore\":7", with: "\"keystore\":2").utf8), to: log.headPath)
        #expect(throws: VeilError.self) { try AuditLog.open(at: log.path, key: key) }
        #expect(try AuditVerifier(key: key).verify(logAt: log.path).isClean == false)
    }

    @Test("old steps and other days' usage are dropped; a later day replaces an earlier one")
    func pruning() throws {
        let old = AuditAnchors(
            steps: ["alice": Self.step - 100, "bob": Self.step - 2],
            usage: ["alice": .init(day: "2000-01-01", tokens: 9), "bob": .init(day: Self.today, tokens: 1)])
        let pruned = old.pruned(at: Self.now)
        #expect(pruned.steps == ["bob": Self.step - 2])
        #expect(pruned.usage == ["bob": .init(day: Self.today, tokens: 1)])
        let merged = AuditAnchors(usage: ["bob": .init(day: "2000-01-01", tokens: 50)]).merged(with: pruned)
        #expect(merged.usage["bob"] == .init(day: Self.today, tokens: 1))
    }
}
