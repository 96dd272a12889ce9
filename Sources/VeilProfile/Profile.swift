import Foundation
import VeilCore

/// A parsed, type-checked profile: what to copy, from where, to where, and how to mask each column.
///
/// Paths (`source`, `target`, `keys.store`, `vault`, `audit`, `policy`) are kept exactly as written and are
/// relative to the **current working directory**, not to the profile's directory: the shipped profiles in
/// `Profiles/` name inputs such as `Fixtures/shop/prod.sql`, meant to be run from the project root.
/// ``resolvingPath(_:)`` only expands a leading `~/`.
///
/// Nothing here is checked against a schema or the rule catalogue; that is the masking plan's job, which
/// uses the locations kept in ``TableEntry``, ``ColumnEntry`` and ``RuleSpec`` for its own messages.
public struct Profile: Sendable, Hashable {
    /// The path the profile was loaded from (or the name given to ``ProfileLoader/parse(_:file:)``).
    public var file: String
    /// The format version; always 1.
    public var version: Int
    /// A path or URL: `.sql`, `.dump`, a directory, `.sqlite`/`.db`, `.csv`, a CSV folder,
    /// `postgresql://...`, `sqlite:PATH`.
    public var source: String?
    /// A path or URL: `.sql`, `.sqlite`/`.db`, a folder for CSV, `postgresql://...`.
    public var target: String?
    public var keys: KeysConfiguration
    /// The token vault: a SQLite path or `postgresql://...`.
    public var vault: String?
    /// The detokenization audit log.
    public var audit: String?
    /// The access policy for `veil serve`.
    public var policy: String?
    public var largeObjects: LargeObjectsPolicy
    public var comments: CommentsPolicy
    /// Parallel workers, 1...256; `nil` lets the run decide.
    public var jobs: Int?
    public var onUnreviewedColumn: UnreviewedColumnPolicy
    /// The `tables:` entries in file order.
    public var tables: [TableEntry]
    /// `subset:` (snapshot only): table key as written → SQL condition on that table's rows.
    public var subset: [String: String]
    /// Where each `subset:` key was written.
    public var subsetLocations: [String: SourceLocation]
    /// `protected:`: targets a run must never write to (paths or URLs as written).
    public var protected: [String]
    /// Every `subset:` entry (a bare condition or a `{ where, percent, limit }` map), by table key as written.
    public var subsetSelections: [String: SubsetSelection] = [:]
    /// `subset_options:` (snapshot only).
    public var subsetOptions = SubsetOptions()
    /// `leak_check:`: what `veil run` does when the verification of its output finds a leak.
    public var leakCheck: LeakCheckPolicy = .fail
    /// `csv:`: the delimiter and quote of a CSV source (RFC 4180's `,` and `"` by default).
    public var csv: CSVDialect = .standard

    public init(
        file: String, version: Int = 1, source: String? = nil, target: String? = nil, keys: KeysConfiguration,
        vault: String? = nil, audit: String? = nil, policy: String? = nil, largeObjects: LargeObjectsPolicy = .drop,
        comments: CommentsPolicy = .keep, jobs: Int? = nil, onUnreviewedColumn: UnreviewedColumnPolicy = .fail,
        tables: [TableEntry] = [], subset: [String: String] = [:], subsetLocations: [String: SourceLocation] = [:],
        protected: [String] = []
    ) {
        self.file = file
        self.version = version
        self.source = source
        self.target = target
        self.keys = keys
        self.vault = vault
        self.audit = audit
        self.policy = policy
        self.largeObjects = largeObjects
        self.comments = comments
        self.jobs = jobs
        self.onUnreviewedColumn = onUnreviewedColumn
        self.tables = tables
        self.subset = subset
        self.subsetLocations = subsetLocations
        self.protected = protected
    }

    /// The entry that governs `table`: one whose key names its schema explicitly first, then a bare name
    /// in `defaultSchema`. A partition child without an entry of its own is the caller's business (it
    /// follows its parent's entry).
    /// - Parameters:
    ///   - table: A table as the source spells it.
    ///   - defaultSchema: `public` for PostgreSQL, `""` for SQLite and CSV.
    public func entry(for table: TableName, defaultSchema: String) -> TableEntry? {
        tables.first { $0.schema != nil && $0.matches(table, defaultSchema: defaultSchema) }
            ?? tables.first { $0.schema == nil && $0.matches(table, defaultSchema: defaultSchema) }
    }

    /// The `subset:` condition for `table`, found the same way as ``entry(for:defaultSchema:)``.
    public func subsetCondition(for table: TableName, defaultSchema: String) -> String? {
        let keyed = subset.keys.sorted().compactMap { key in TableKey(parsing: key).map { (key, $0) } }
        let match =
            keyed.first { $0.1.schema != nil && $0.1.schema == table.schema && $0.1.name == table.name }
            ?? keyed.first { $0.1.schema == nil && defaultSchema == table.schema && $0.1.name == table.name }
        return match.flatMap { subset[$0.0] }
    }

    /// The `subset:` entry for `table`, found the same way as ``entry(for:defaultSchema:)``.
    public func subsetSelection(for table: TableName, defaultSchema: String) -> SubsetSelection? {
        let keyed = subsetSelections.keys.sorted().compactMap { key in TableKey(parsing: key).map { (key, $0) } }
        let match =
            keyed.first { $0.1.schema != nil && $0.1.schema == table.schema && $0.1.name == table.name }
            ?? keyed.first { $0.1.schema == nil && defaultSchema == table.schema && $0.1.name == table.name }
        return match.flatMap { subsetSelections[$0.0] }
    }

    /// A path from the profile, ready to open: unchanged (relative to the working directory) except that a
    /// leading `~/` becomes the home directory. URLs (`postgresql://...`, `sqlite:...`) are unchanged.
    public func resolvingPath(_ path: String) -> String {
        guard path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else {
            return path
        }
        return (home.hasSuffix("/") ? String(home.dropLast()) : home) + path.dropFirst()
    }
}

/// `leak_check:`: what `veil run` does when the verification of its finished output finds a leak.
public enum LeakCheckPolicy: String, Sendable, Hashable, CaseIterable {
    /// The default: the run exits 2 and its output is not left under the target name.
    case fail
    /// The run succeeds with a warning; the report counts the leaks.
    case warn
    /// No verification (the report's `leaksFound` stays null: "not checked").
    case off
}
