import VeilCore
import VeilMasking
import VeilPipeline
import VeilProfile

/// `veil check`: applies a profile to its source's schema without reading a key. It reads rows only to measure the
/// columns whose rule lengthens values past a declared length (see ``ColumnLengthProbe``).
public struct ProfileCheck {
    public struct Summary: Sendable {
        public var tables: Int
        public var maskedColumns: Int
        /// Columns whose rule a detokenization could reverse (`schema.table.column`).
        public var reversibleColumns: [String]
        /// Columns whose rule is one-way.
        public var oneWayColumns: [String]
        /// Reversible columns whose arguments make some or all values one-way (too small a free part:
        /// a card keeping BIN and last four, an IPv4 keeping its /24, `short: hmac`), with the reason.
        public var oneWayFallbacks: [String] = []
        /// Profile entries that match no table of the source.
        public var unusedEntries: [String]
        /// Kept columns that look derived from masked ones (a `tsvector` beside masked text columns):
        /// they would carry the originals' words into the copy unless masked or regenerated.
        public var derivedColumnWarnings: [String] = []
        /// Masked columns read by a unique index Veil cannot evaluate (over an expression, or partial over several
        /// columns): distinct masked values may still collide under it, which would fail the restore.
        public var uncheckedIndexWarnings: [String] = []
        /// Masked columns with a CHECK (their own or their domain's) that Veil cannot evaluate (a regular
        /// expression, `OR`, another function): a masked value may break it, and only the restore would tell.
        public var unevaluatedCheckWarnings: [String] = []
        /// Columns whose rule still carries `review:` (a `veil scan` suggestion not yet confirmed).
        public var toConfirm: [ReviewMarkers.Marker] = []
        /// The schema lock beside the profile: missing, matched, or written by `--update-lock`.
        public var schemaLock: SchemaLockStatus? = nil
    }

    public let profilePath: String
    public let source: String?
    /// The target to check the source's schema against (`--target`), else the profile's, if any.
    public let target: String?
    /// `--update-lock`: once every other check passes, record the source's schema as the reviewed one.
    public let updateLock: Bool

    public init(profilePath: String, source: String? = nil, target: String? = nil, updateLock: Bool = false) {
        self.profilePath = profilePath
        self.source = source
        self.target = target
        self.updateLock = updateLock
    }

    /// The summary, or a `VeilError` listing every problem (exit 3, or 64 for an invalid profile).
    public func execute() throws -> Summary {
        let profile = try ProfileLoading.load(profilePath)
        guard let sourceText = source ?? profile.source else {
            throw VeilError(.usage, "no source: set `source:` in the profile or pass --against")
        }
        let endpoint = try Endpoint(sourceText, role: "source", csv: profile.csv)
        let schema = try endpoint.openSource(keepLargeObjects: false, keepComments: true).reader.schema()
        // Drift is checked first (it names every new column); `--update-lock` accepts it once the rest passes.
        var lockStatus: SchemaLockStatus?
        if !updateLock {
            lockStatus = try SchemaDriftCheck.verify(
                profilePath: profilePath, schema: schema, defaultSchema: endpoint.defaultSchema)
        }
        let plan: MaskingPlan
        do {
            plan = try PlanBuilder(profile: profile, schema: schema, defaultSchema: endpoint.defaultSchema).build()
        } catch {
            throw error.veilError
        }
        if let targetText = target ?? profile.target {
            let target = try Endpoint(targetText, role: "target")
            let output = GeneratedColumnFit.outputSchema(schema, plan: plan)
            let generated = GeneratedColumnFit.problems(schema: output, target: target)
            guard generated.isEmpty else { throw PlanningError(problems: generated).veilError }
        }
        let lengthProbe = ColumnLengthProbe(plan: plan)
        if !lengthProbe.isEmpty {
            let source = try endpoint.openSource(keepLargeObjects: false, keepComments: false).reader
            let problems = try lengthProbe.problems(reading: source)
            guard problems.isEmpty else {
                throw VeilError(
                    .reviewNeeded, "the profile does not fit the source:\n" + problems.joined(separator: "\n"))
            }
        }
        var summary = Summary(
            tables: plan.actions.count, maskedColumns: 0, reversibleColumns: [], oneWayColumns: [],
            unusedEntries: [])
        for (table, action) in plan.actions.sorted(by: { $0.key < $1.key }) {
            guard case .mask(let columns) = action else { continue }
            let masked = Set(columns.map(\.column.name))
            for column in schema[table]?.columns ?? [] where !masked.contains(column.name) && !column.isGenerated {
                if column.type.lowercased().contains("tsvector") {
                    summary.derivedColumnWarnings.append(
                        "\(table).\(column.name) is a kept tsvector in a table with masked columns: it may hold "
                            + "their original words; mask it (null) or regenerate it after the copy")
                }
            }
            for column in columns {
                summary.maskedColumns += 1
                let name = "\(table).\(column.column.name)"
                for check in column.column.checks where check.predicate(column: column.column.name) == nil {
                    let origin = check.isDomainCheck ? "its domain's CHECK" : "CHECK"
                    summary.unevaluatedCheckWarnings.append(
                        "\(name) (\(column.definition.name)): \(origin) \(check.name ?? "(unnamed)") is one Veil "
                            + "cannot evaluate, so masked values are not verified against it: make sure the rule's "
                            + "outputs satisfy it, or the restore fails")
                }
                for index in schema[table]?.uncheckedUniqueIndexes(reading: column.column.name) ?? [] {
                    summary.uncheckedIndexWarnings.append(
                        "\(name) (\(column.definition.name)) is read by the \(index.kindDescription) on "
                            + "(\(index.columns.joined(separator: ", "))), which Veil cannot evaluate: if two masked "
                            + "rows collide under it, the restore fails")
                }
                if column.definition.isReversible {
                    summary.reversibleColumns.append(name)
                } else {
                    summary.oneWayColumns.append(name)
                }
                if let reason = column.definition.oneWayReason(column.arguments) {
                    summary.oneWayFallbacks.append("\(name) (\(column.definition.name)): \(reason)")
                }
            }
        }
        summary.toConfirm = ReviewMarkers.pending(in: profile, defaultSchema: endpoint.defaultSchema)
        summary.unusedEntries = profile.tables.filter { entry in
            !schema.tables.contains { entry.matches($0.name, defaultSchema: endpoint.defaultSchema) }
        }.map(\.key)
        summary.schemaLock = lockStatus
        if updateLock {
            summary.schemaLock = try SchemaDriftCheck.accept(
                profilePath: profilePath, schema: schema, defaultSchema: endpoint.defaultSchema)
        }
        return summary
    }
}
