import Foundation
import VeilConnectors
import VeilCore
import VeilProfile

/// `veil snapshot PROFILE --out PATH`: a small, foreign-key-consistent, masked subset of a live source for a
/// developer.
///
/// The source is a live PostgreSQL database or a SQLite file (the profile's `source:` or `--source`). The rows
/// come from the profile's `subset:` roots closed over foreign keys (see ``SubsetClosure``), computed inside the
/// reader's snapshot and then streamed from that same snapshot; tables the closure does not reach are written
/// empty. Masking is a full run's (`PreparedRun`: same plan, same keys), so every masked value in a snapshot equals
/// the one a `veil run` writes for the same row. The output is chosen by `--out`: `.sqlite`/`.db` → SQLite, a
/// folder → CSV. A plain `.sql` dump reproduces a pg_dump's own DDL, which a live source does not carry, so it is
/// refused (as `veil run` refuses it).
public struct Snapshot {
    public struct Request: Sendable {
        public var profilePath: String
        public var out: String
        public var source: String?
        public var jobs: Int?
        public var reportPath: String?

        public init(
            profilePath: String, out: String, source: String? = nil, jobs: Int? = nil, reportPath: String? = nil
        ) {
            self.profilePath = profilePath
            self.out = out
            self.source = source
            self.jobs = jobs
            self.reportPath = reportPath
        }
    }

    public let request: Request
    public let progress: ProgressReporter

    public init(request: Request, progress: ProgressReporter) {
        self.request = request
        self.progress = progress
    }

    public func execute() throws -> RunReport {
        switch try Endpoint(request.out, role: "target") {
        case .sqlite, .csv: break
        case .plainDump, .postgres:
            throw VeilError(
                .usage, "a snapshot is written to a SQLite file (.sqlite, .db) or a CSV folder (ending in /)")
        }
        let runRequest = MaskingRun.Request(
            profilePath: request.profilePath, source: request.source, target: request.out, jobs: request.jobs,
            reportPath: request.reportPath)
        let run = try PreparedRun(request: runRequest, keyStore: nil)
        guard let source = run.reader as? any SubsetQueryableSource else {
            throw VeilError(.usage, "a snapshot reads a live PostgreSQL database or a SQLite file, not \(run.source)")
        }
        let schema = try source.schema()
        let roots = try Self.roots(profile: run.profile, schema: schema, defaultSchema: run.source.defaultSchema)
        let closure = try SubsetClosure(
            schema: schema, source: source, roots: roots, options: run.profile.subsetOptions
        ).compute()
        for (table, filter) in closure.filters { source.setRowFilter(filter, for: table) }

        progress.start(source: run.source.description, target: run.target.description, jobs: run.jobs)
        let sink = try run.target.openSink()
        let outcome: (statistics: RunStatistics, seconds: Double)
        do {
            outcome = try run.stream(into: sink, progress: progress)
            try sink.finish()
        } catch {
            sink.abort()
            throw error
        }
        let report = run.report(statistics: outcome.statistics, seconds: outcome.seconds)
        try PreparedRun.save(report, to: request.reportPath)
        try RunManifestWriter.write(run: run, report: report, request: runRequest, progress: progress)
        progress.finish(report.summaryLines())
        return report
    }

    /// The `subset:` entries, each matched to a table of the source; an entry naming no table is a usage error.
    static func roots(profile: Profile, schema: DatabaseSchema, defaultSchema: String) throws
        -> [TableName: SubsetSelection]
    {
        guard !profile.subsetSelections.isEmpty else {
            throw VeilError(
                .usage,
                "the profile has no `subset:` entries: name the root tables of the snapshot, as "
                    + "`subset: { public.customers: \"id % 100 = 0\" }` or `{ percent: 10 }`")
        }
        var roots: [TableName: SubsetSelection] = [:]
        for table in schema.tables {
            if let selection = profile.subsetSelection(for: table.name, defaultSchema: defaultSchema) {
                roots[table.name] = selection
            }
        }
        let matched = Set(roots.values)
        for (key, selection) in profile.subsetSelections.sorted(by: { $0.key < $1.key })
        where !matched.contains(selection) {
            let place = selection.location.map { "\($0): " } ?? ""
            throw VeilError(.usage, "\(place)subset: no table \(key) in the source")
        }
        return roots
    }
}
