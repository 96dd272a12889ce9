import Foundation

/// One way a reversible format domain (`fpe`, `card`, `email`...) was masked: its settings (rule, arguments, column
/// type) under one data key version, with the runs that used them. A vault keeps one record per version and settings,
/// never replacing an older one, so the detokenization service can tell which version (and settings) made a token —
/// or that it cannot tell. It holds no key and no value.
public struct MaskingRecord: Codable, Sendable, Equatable {
    public var setting: ReversibleDomain
    /// The data key version the runs used; nil for the record a vault kept before versions were recorded, which may
    /// have been made with any version from 1 to ``throughVersion``.
    public var keyVersion: Int?
    /// For a record without ``keyVersion``: the newest version it may have been made with (nil: any version the key
    /// store has).
    public var throughVersion: Int?
    /// When the first and the latest run with these settings recorded them (ISO 8601 UTC; empty when unknown).
    public var firstRun: String
    public var lastRun: String
    /// How many runs recorded these settings under this version.
    public var runs: Int
    /// Orders the records of a domain: the one the latest run recorded has the highest.
    public var sequence: Int

    public init(
        setting: ReversibleDomain, keyVersion: Int?, throughVersion: Int? = nil, firstRun: String, lastRun: String,
        runs: Int, sequence: Int
    ) {
        self.setting = setting
        self.keyVersion = keyVersion
        self.throughVersion = throughVersion
        self.firstRun = firstRun
        self.lastRun = lastRun
        self.runs = runs
        self.sequence = sequence
    }

    /// The key versions this record's tokens may have been made with.
    /// - Parameter currentVersion: the key store's current version (the bound of a record that names none).
    public func versions(currentVersion: Int) -> ClosedRange<Int> {
        if let keyVersion { return keyVersion...keyVersion }
        return 1...max(1, throughVersion ?? currentVersion)
    }

    /// The settings, with the arguments named in `ignoring` left out: records equal under it were masked alike up to
    /// those arguments (an `email` domain's `encoding`, which a request may name).
    func settingsKey(ignoring: Set<String>) -> String {
        let arguments = setting.arguments.filter { !ignoring.contains($0.key) }.sorted { $0.key < $1.key }
        return ([setting.rule, setting.columnType] + arguments.map { "\($0.key)=\($0.value)" })
            .map { "\($0.utf8.count):\($0)" }.joined()
    }

    /// The vault setting names of a domain's records all start with this.
    static func namePrefix(_ domain: String) -> String { "history:\(domain.utf8.count):\(domain)|" }
}
