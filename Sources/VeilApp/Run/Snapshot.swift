import Foundation
import VeilConnectors
import VeilCore
import VeilPipeline
import VeilProfile

/// `veil snapshot PROFILE --out PATH`: a small, foreign-key-consistent, masked subset of a live source for a
/// developer.
///
/// The source is a live PostgreSQL database or a SQLite file (the profile's `source:` or `--source`). The rows
/// come from the profile's `subset:` roots closed over foreign keys (see ``SubsetClosure``), computed inside the
/// reader's snapshot and then streamed from that same snapshot; tables the closure does not reach are written
/// empty. Masking is a full run's (`PreparedRun`: same plan, same keys), so every masked value in a snapshot equals
/// the one a `veil run` writes for the same row. The output is chosen by `--out`: `.sqlite`/`.db` → SQLite, a
/// folder → CSV, `.sql` → a SQL script in the source's own dialect:
/// - from a live PostgreSQL database, a plain dump: the source's `pg_dump --schema-only` pre-data section (read
///   from the same exported snapshot as the rows), the rows as COPY blocks, then the post-data section (indexes,
///   keys, foreign keys — which hold, the subset being closed over them). `psql -v ON_ERROR_STOP=1 -f` restores it
///   into an empty database.
/// - from a SQLite file, a script as `sqlite3 .dump` writes one (``SQLiteScriptWriter``): the tables' own
///   `CREATE TABLE` statements, the rows as `INSERT`s, then the indexes, triggers and views, in one transaction.
///   `sqlite3 new.db < FILE` loads it.
///
/// Every output appears under its name only when complete; a failed snapshot leaves none.
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
        case .sqlite, .csv, .plainDump: break
        case .postgres:
            throw VeilError(
                .usage,
                "a snapshot is written to a SQLite file (.sqlite, .db), a SQL script (.sql) or a CSV folder "
                    + "(ending in /); `veil run` or `veil refresh` load a PostgreSQL database")
        }
        let runRequest = MaskingRun.Request(
            profilePath: request.profilePath, source: request.source, target: request.out, jobs: request.jobs,
            reportPath: request.reportPath)
        let run = try PreparedRun(request: runRequest, keyStore: nil, snapshot: true)
        guard let source = run.reader as? any SubsetQueryableSource else {
            throw VeilError(.usage, "a snapshot reads a live PostgreSQL database or a SQLite file, not \(run.source)")
        }
        let schema = try source.schema()
        let roots = try Self.roots(profile: run.profile, schema: schema, defaultSchema: run.source.defaultSchema)
        let closure = try SubsetClosure(
            schema: schema, source: source, roots: roots, options: run.profile.subsetOptions
        ).compute()
        for (table, filter) in closure.filters { source.setRowFilter(filter, for: table) }
        // The leak check's filter holds the values of the rows the snapshot copies (the column pass reads through
        // the same row filters).
        let leakCheck = RunLeakCheck()
        try leakCheck.prepare(run.planned)

        progress.start(source: run.source.description, target: run.target.description, jobs: run.jobs)
        let sink = try run.target.openSink(fedBy: run.source)
        let outcome: (statistics: RunStatistics, seconds: Double)
        do {
            outcome = try run.stream(into: sink, progress: progress, leakObserver: leakCheck.observer)
        } catch {
            sink.abort()
            throw error
        }
        return try RunPublication(run: run, request: runRequest, progress: progress)
            .finish(sink, outcome: outcome, leakCheck: leakCheck)
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
