import Dispatch
import Foundation
import VeilConnectors
import VeilCore
import VeilMasking
import VeilProfile
import VeilVault

/// The part every masking command shares: the profile read, source and target decided and guarded, the source
/// open, the plan built (refusing unreviewed columns before any row is read) and the keys open; then
/// ``stream(into:progress:)`` masks the source into any sink.
package struct PreparedRun {
    package let profile: Profile
    package let source: Endpoint
    package let target: Endpoint
    package private(set) var reader: RowSource
    /// The snapshot a live PostgreSQL source reads from.
    package let sourceSnapshot: String?
    package let plan: MaskingPlan
    let transformers: TransformerCache
    /// The vault's token issuer when the plan tokenizes.
    let tokens: (any TokenIssuer)?
    package let jobs: Int
    /// The open key store (its data key masks; its manifest key signs the run manifest).
    package let keys: KeyStore

    /// What is decided before the keys open: enough for work that reads the source but needs no key.
    package struct Planned {
        let profile: Profile
        let source: Endpoint
        let target: Endpoint
        let reader: RowSource
        let plan: MaskingPlan
    }

    /// Reads and checks everything a run needs before it writes anything.
    /// - Parameters:
    ///   - keyStore: overrides the profile's key store (the demo passes its own).
    ///   - snapshot: the run is a `veil snapshot` (see ``TargetGuard``).
    ///   - alongsideKeys: work on the planned run that runs on another thread while the key store opens (its
    ///     key derivation takes a good part of a second), done before this returns; the leak check fills its
    ///     filter there. The reader is its own until then.
    ///   - maskingKeys: masks under these keys instead of the key store's data key (tests that compare outputs
    ///     with recorded digests need the same keys on every machine; the store still signs).
    package init(
        request: RunRequest, keyStore: KeyStore?, snapshot: Bool = false,
        alongsideKeys: ((Planned) throws -> Void)? = nil, maskingKeys: MaskingKeyRing? = nil
    ) throws {
        let profile = try ProfileLoading.load(request.profilePath)
        guard let sourceText = request.source ?? profile.source else {
            throw VeilError(.usage, "no source: set `source:` in the profile or pass --source")
        }
        guard let targetText = request.target ?? profile.target else {
            throw VeilError(.usage, "no target: set `target:` in the profile or pass --target")
        }
        let source = try Endpoint(sourceText, role: "source", csv: profile.csv)
        let target = try Endpoint(targetText, role: "target")
        try TargetGuard.check(source: source, target: target, protected: profile.protected, snapshot: snapshot)
        self.profile = profile
        self.source = source
        self.target = target
        self.jobs = request.jobs ?? profile.jobs ?? ProcessInfo.processInfo.activeProcessorCount

        let opened = try source.openSource(
            keepLargeObjects: profile.largeObjects == .keep, keepComments: profile.comments == .keep,
            withDDL: target.needsSourceDDL, forDumpFile: target.isPlainDump, connections: jobs)
        reader = opened.reader
        sourceSnapshot = opened.snapshotID
        let schema = try reader.schema()
        try SchemaDriftCheck.verify(
            profilePath: request.profilePath, schema: schema, defaultSchema: source.defaultSchema)
        do {
            plan = try PlanBuilder(profile: profile, schema: schema, defaultSchema: source.defaultSchema).build()
        } catch {
            throw error.veilError
        }
        let generated = GeneratedColumnFit.problems(
            schema: GeneratedColumnFit.outputSchema(schema, plan: plan), target: target)
        guard generated.isEmpty else { throw PlanningError(problems: generated).veilError }
        try ReviewMarkers.refuseIfAny(profile, defaultSchema: source.defaultSchema)
        let planned = Planned(profile: profile, source: source, target: target, reader: reader, plan: plan)
        let keys = try Concurrently.run(alongsideKeys.map { work in { try work(planned) } }) {
            try keyStore ?? KeyAccess.open(profile)
        }
        self.keys = keys
        let ring = maskingKeys ?? MaskingKeyRing(dataKey: keys.current.material, keyVersion: keys.current.version)
        tokens = try VaultAccess.issuer(for: plan, profile: profile, keys: keys)
        transformers = try TransformerCache(plan: plan, keys: ring, tokens: tokens)
    }

    /// The same run, reading through `wrap(reader)`: for tests that feed a run a source that misbehaves in a way no
    /// real source can be made to (a table's rows ending early, without an error).
    package func readingThrough(_ wrap: (RowSource) -> RowSource) -> PreparedRun {
        var wrapped = self
        wrapped.reader = wrap(reader)
        return wrapped
    }

    /// The run as ``Planned`` sees it (for work done after the keys opened, as a snapshot's leak check).
    package var planned: Planned {
        Planned(profile: profile, source: source, target: target, reader: reader, plan: plan)
    }

    /// Masks every row of the source into `sink` (already open; `finish()` is the caller's), in parallel, in
    /// source order. Returns the per-table numbers and the seconds taken.
    /// - Parameter leakObserver: the leak check's hook, shown every masked column's originals and outputs.
    package func stream(
        into sink: RowSink, progress: ProgressReporter, leakObserver: (any MaskedColumnObserver)? = nil
    ) throws -> (statistics: RunStatistics, seconds: Double) {
        let expectedRows = try reader.expectedRowCounts() ?? [:]
        let statistics = RunStatistics()
        let started = DispatchTime.now()
        let plan = plan
        let transformers = transformers
        // Text between tables reaches only a dump target; there the leak check searches it too.
        let passthroughObserver = target.isPlainDump ? leakObserver : nil
        try sink.begin(schema: GeneratedColumnFit.outputSchema(try reader.schema(), plan: plan))
        // A sink that loads several tables at once (a PostgreSQL target with --jobs > 1) gets them interleaved, the
        // tables with the most masking work first (each masked column counted as much as reading the table).
        // A database target keeps no row order, so a live source may skip its key-order walk (a sequential scan).
        if case .postgres = target { _ = reader.readRowsInAnyOrder() }
        if sink.tablesAtOnce > 1 {
            let cost = plan.actions.mapValues { 1 + $0.maskedColumnCount }
            _ = reader.interleaveTables(atMost: sink.tablesAtOnce, cost: cost)
        }
        try OrderedParallelMasker(jobs: jobs).run(
            source: reader, sink: sink,
            masker: { data in
                let action = plan.actions[data.table] ?? .keep
                var masker = try TableMasker(
                    data: data, action: action, transformers: transformers.transformers(for: data.table),
                    uniquenessGuards: transformers.uniquenessGuards(for: data.table))
                masker.observer = leakObserver
                return masker
            },
            didWrite: { item in
                switch item {
                case .beginTable(let data):
                    let action = plan.actions[data.table] ?? .keep
                    statistics.begin(data.table, action: action.name, maskedColumns: action.maskedColumnCount)
                case .rows(let batch):
                    if let table = statistics.add(rows: batch.count, to: batch.table) {
                        progress.update(
                            table: table.name.description, rows: table.rows, total: expectedRows[table.name])
                    }
                case .endTable(let name):
                    if let table = statistics.end(name) {
                        progress.tableDone(table.name.description, rows: table.rows, seconds: table.seconds)
                    }
                case .passthrough(let text):
                    passthroughObserver?.observe(passthrough: text)
                }
            })
        // Every token in the output must be in the vault before the output is published.
        try tokens?.flush()
        return (statistics, Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9)
    }

    /// The report of a finished run.
    /// - Parameter written: where the output is now (a run reports before it publishes); the target by default.
    package func report(statistics: RunStatistics, seconds: Double, written: Endpoint? = nil) -> RunReport {
        let tables = statistics.snapshot.map { table in
            RunReport.TableReport(
                table: table.name.description, rows: table.rows, maskedColumns: table.maskedColumns,
                action: table.action, seconds: table.seconds,
                rowsPerSecond: table.seconds > 0 ? Double(table.rows) / table.seconds : 0)
        }
        let rows = tables.reduce(0) { $0 + $1.rows }
        let bytesRead = source.byteCount
        return RunReport(
            status: "ok", source: source.description, target: target.description, jobs: jobs, tables: tables,
            rules: plan.ruleUsage, rows: rows, bytesRead: bytesRead, bytesWritten: (written ?? target).byteCount,
            seconds: seconds, rowsPerSecond: seconds > 0 ? Double(rows) / seconds : 0,
            megabytesPerSecond: seconds > 0 ? Double(bytesRead) / 1_000_000 / seconds : 0, leaksFound: nil)
    }

    /// Writes the JSON report where the request asks for it.
    package static func save(_ report: RunReport, to path: String?) throws {
        guard let path else { return }
        do {
            try report.json().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw VeilError(.target, "cannot write the report to \(path)")
        }
    }
}

extension TableAction {
    var name: String {
        switch self {
        case .keep: "keep"
        case .schemaOnly: "schema-only"
        case .mask: "mask"
        }
    }

    var maskedColumnCount: Int {
        if case .mask(let columns) = self { return columns.count }
        return 0
    }
}
