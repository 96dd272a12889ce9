import Foundation
import Testing
import VeilCore
import VeilCrypto
import VeilTestSupport

@testable import VeilVault

/// The history of how a reversible domain was masked: every key version and settings a run used is kept, and a
/// token's version is resolved from it only when the history leaves one possibility — otherwise the refusal names the
/// versions to choose from. Recorded on SQLite and, when VEIL_TEST_PG is set, PostgreSQL vaults.
@Suite("Masking history")
struct MaskingHistoryTests {
    static let ssn = ReversibleDomain(
        domain: "ssn", rule: "fpe", arguments: ["alphabet": "s:digits"], columnType: "text")

    static func record(
        _ setting: ReversibleDomain = ssn, version: Int?, through: Int? = nil, sequence: Int
    ) -> MaskingRecord {
        MaskingRecord(
            setting: setting, keyVersion: version, throughVersion: through, firstRun: "", lastRun: "", runs: 1,
            sequence: sequence)
    }

    static func with(_ setting: ReversibleDomain, _ name: String, _ value: String) -> ReversibleDomain {
        var changed = setting
        changed.arguments[name] = value
        return changed
    }

    @Test("one version resolves, named or not; several are refused unless named; an unused one is refused")
    func versions() throws {
        let one = [Self.record(version: 1, sequence: 1)]
        #expect(try MaskingHistory.resolve(one, domain: "ssn", version: nil, currentVersion: 2)?.version == 1)
        #expect(try MaskingHistory.resolve(one, domain: "ssn", version: 1, currentVersion: 2)?.version == 1)
        #expect(try MaskingHistory.resolve([], domain: "ssn", version: nil, currentVersion: 2) == nil)

        let two = one + [Self.record(version: 2, sequence: 2)]
        let ambiguous = #expect(throws: MaskingHistory.Refusal.self) {
            try MaskingHistory.resolve(two, domain: "ssn", version: nil, currentVersion: 2)
        }
        #expect(ambiguous?.kind == .ambiguousVersion)
        #expect(ambiguous?.versions == [1, 2])
        #expect(ambiguous?.description.contains("key versions 1 and 2") == true)
        #expect(ambiguous?.auditReason == "ambiguous key version: 1,2")
        #expect(try MaskingHistory.resolve(two, domain: "ssn", version: 2, currentVersion: 2)?.version == 2)

        let unused = #expect(throws: MaskingHistory.Refusal.self) {
            try MaskingHistory.resolve(one, domain: "ssn", version: 2, currentVersion: 2)
        }
        #expect(unused?.kind == .versionNotUsed)
        #expect(
            unused?.description.contains("never masked with key version 2; it was masked with key version 1") == true)
    }

    @Test("a record from before versions were kept may be any version up to its bound")
    func unversioned() throws {
        let legacy = [Self.record(version: nil, through: 2, sequence: 0)]
        let refusal = #expect(throws: MaskingHistory.Refusal.self) {
            try MaskingHistory.resolve(legacy, domain: "ssn", version: nil, currentVersion: 3)
        }
        #expect(refusal?.versions == [1, 2])
        #expect(try MaskingHistory.resolve(legacy, domain: "ssn", version: 1, currentVersion: 3)?.version == 1)
        // Unbounded, in a store never rotated: version 1 is the only one.
        let single = [Self.record(version: nil, sequence: 0)]
        #expect(try MaskingHistory.resolve(single, domain: "ssn", version: nil, currentVersion: 1)?.version == 1)
        #expect(throws: MaskingHistory.Refusal.self) {
            try MaskingHistory.resolve(single, domain: "ssn", version: nil, currentVersion: 2)
        }
    }

    @Test("under one version: the latest run's settings; settings differing beyond what a request names are refused")
    func settings() throws {
        let email = ReversibleDomain(domain: "e", rule: "email", arguments: ["encoding": "i:1"], columnType: "text")
        let encodings = [
            Self.record(email, version: 1, sequence: 1),
            Self.record(Self.with(email, "encoding", "i:2"), version: 1, sequence: 2),
        ]
        let latest = try MaskingHistory.resolve(
            encodings, domain: "e", version: nil, selectable: ["encoding"], currentVersion: 1)
        #expect(latest?.record.setting.arguments["encoding"] == "i:2")

        let alphabets = [
            Self.record(version: 1, sequence: 1),
            Self.record(Self.with(Self.ssn, "alphabet", "s:alnum"), version: 1, sequence: 2),
        ]
        let refusal = #expect(throws: MaskingHistory.Refusal.self) {
            try MaskingHistory.resolve(
                alphabets, domain: "ssn", version: 1, selectable: ["encoding"], currentVersion: 1)
        }
        #expect(refusal?.kind == .ambiguousSettings)
    }

    @Test("SQLite vault: runs add records, never replace them; a single old record becomes an unversioned one")
    func recordingSQLite() throws {
        let setup = try TokenVaultTests.Setup()
        try Self.recording(setup.vault)
    }

    @Test("PostgreSQL vault: runs add records, never replace them", .enabled(if: TestPostgres.isAvailable))
    func recordingPostgres() throws {
        let setup = try PostgresVaultStorageTests.Setup()
        defer { setup.drop() }
        try Self.recording(try setup.vault())
    }

    static func recording(_ vault: TokenVault) throws {
        // A vault written before histories were kept: one record of the domain, replaced by each run.
        try vault.record(ssn)
        #expect(try vault.maskingHistory("ssn").map(\.keyVersion) == [nil])

        try vault.recordMasking(ssn, keyVersion: 2)
        try vault.recordMasking(ssn, keyVersion: 2)
        try vault.recordMasking(ssn, keyVersion: 3)
        let history = try vault.maskingHistory("ssn")
        #expect(history.map(\.keyVersion) == [nil, 2, 3])
        #expect(history.map(\.throughVersion) == [2, nil, nil])
        #expect(history.map(\.runs) == [0, 2, 1])
        #expect(try vault.reversibleDomain("ssn") == ssn)
        #expect(history.first { $0.keyVersion == 2 }?.firstRun.isEmpty == false)

        // Another domain whose name extends this one's is not part of its history.
        try vault.recordMasking(
            ReversibleDomain(domain: "ssn|x", rule: "fpe", arguments: [:], columnType: "text"), keyVersion: 1)
        try vault.recordMasking(
            ReversibleDomain(domain: "ss", rule: "fpe", arguments: [:], columnType: "text"), keyVersion: 1)
        #expect(try vault.maskingHistory("ssn").count == 3)
        #expect(try vault.maskingHistory("s%").isEmpty)

        let refusal = #expect(throws: MaskingHistory.Refusal.self) {
            try MaskingHistory.resolve(
                try vault.maskingHistory("ssn"), domain: "ssn", version: nil, currentVersion: 3)
        }
        #expect(refusal?.versions == [1, 2, 3])
    }

    @Test("reading and resolving a domain's history costs one small query per request (measured)")
    func cost() throws {
        let setup = try TokenVaultTests.Setup()
        for version in 1...3 { try setup.vault.recordMasking(Self.ssn, keyVersion: version) }
        try setup.vault.recordMasking(
            ReversibleDomain(domain: "card", rule: "card", arguments: [:], columnType: "text"), keyVersion: 1)
        let requests = 2_000
        let started = DispatchTime.now()
        for _ in 0..<requests {
            let history = try setup.vault.maskingHistory("ssn")
            _ = try MaskingHistory.resolve(history, domain: "ssn", version: 2, currentVersion: 3)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        print("masking history (SQLite, 3 records): \(Int(seconds / Double(requests) * 1e6)) µs per request")
        #expect(seconds / Double(requests) < 0.005)
    }

    @Test("a history record that does not read refuses the whole history")
    func unreadableRecord() throws {
        let setup = try TokenVaultTests.Setup()
        try setup.vault.recordMasking(Self.ssn, keyVersion: 1)
        try setup.vault.withStorage { try $0.setSetting(MaskingRecord.namePrefix("ssn") + "v2|x", to: "{not json") }
        let error = #expect(throws: VaultError.self) { try setup.vault.maskingHistory("ssn") }
        #expect(error?.kind == .tampered)
    }
}
