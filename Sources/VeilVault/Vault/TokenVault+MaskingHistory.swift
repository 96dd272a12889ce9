import Foundation
import VeilCrypto

extension TokenVault {
    /// Records that a run masked `setting.domain` with these settings under data key `keyVersion`: adds a
    /// ``MaskingRecord`` for the version and settings, or counts the run in the one that exists. Older records stay.
    /// The domain's single record (``reversibleDomain(_:)``) becomes these settings too, as before.
    ///
    /// A vault whose domain has a single record but no history yet (written before histories were kept) first turns
    /// that record into one whose version is unknown — any version up to `keyVersion` — so its tokens are never read
    /// as if the new version had made them.
    public func recordMasking(_ setting: ReversibleDomain, keyVersion: Int, now: Date = Date()) throws {
        let time = ISO8601DateFormatter().string(from: now)
        let prefix = MaskingRecord.namePrefix(setting.domain)
        let legacyName = ReversibleDomain.settingName(setting.domain)
        try withStorage { storage in
            try storage.inTransaction {
                var records = try Self.records(try storage.settings(withPrefix: prefix))
                if records.isEmpty, let text = try storage.setting(legacyName),
                    let legacy: ReversibleDomain = Self.decode(text)
                {
                    let migrated = MaskingRecord(
                        setting: legacy, keyVersion: nil, throughVersion: keyVersion, firstRun: "", lastRun: "",
                        runs: 0, sequence: 0)
                    try storage.setSetting(prefix + "unversioned", to: try Self.encode(migrated))
                    records[prefix + "unversioned"] = migrated
                }
                let name = prefix + "v\(keyVersion)|" + (try Self.digest(setting))
                let sequence = (records.values.map(\.sequence).max() ?? 0) + 1
                var record =
                    records[name]
                    ?? MaskingRecord(
                        setting: setting, keyVersion: keyVersion, firstRun: time, lastRun: time, runs: 0,
                        sequence: sequence)
                record.lastRun = time
                record.runs += 1
                record.sequence = sequence
                try storage.setSetting(name, to: try Self.encode(record))
                try storage.setSetting(legacyName, to: try Self.encode(setting))
            }
        }
    }

    /// Every way `domain` was masked, oldest first; for a vault that kept only a single record of the domain, that
    /// record with its version unknown. Empty when no run recorded the domain.
    public func maskingHistory(_ domain: String) throws -> [MaskingRecord] {
        let (listed, legacy) = try withStorage { storage in
            (
                try storage.settings(withPrefix: MaskingRecord.namePrefix(domain)),
                try storage.setting(ReversibleDomain.settingName(domain))
            )
        }
        let records = try Self.records(listed).values.sorted { $0.sequence < $1.sequence }
        if !records.isEmpty { return records }
        guard let legacy, let setting: ReversibleDomain = Self.decode(legacy) else { return [] }
        return [MaskingRecord(setting: setting, keyVersion: nil, firstRun: "", lastRun: "", runs: 0, sequence: 0)]
    }

    /// The records by setting name. One that does not read refuses the whole history: leaving it out could make a
    /// domain masked with two versions look as if it had one.
    private static func records(_ settings: [(name: String, value: String)]) throws -> [String: MaskingRecord] {
        var records: [String: MaskingRecord] = [:]
        for (name, value) in settings {
            guard let record: MaskingRecord = decode(value) else {
                throw VaultError(.tampered, "a masking record of the vault does not read: the vault was altered")
            }
            records[name] = record
        }
        return records
    }

    private static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decode<T: Decodable>(_ text: String) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    /// A short name for the settings: 16 bytes of SHA-256 of their canonical JSON.
    private static func digest(_ setting: ReversibleDomain) throws -> String {
        var hasher = SHA256Hasher()
        hasher.update(Array(try encode(setting).utf8))
        return String(hasher.finalize().hexString.prefix(32))
    }
}
