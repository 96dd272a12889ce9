import Dispatch
import Foundation
import VeilCore
import VeilMasking
import VeilProfile
import VeilVault

/// `veil run`: one masked copy of a source, refused before any row is written when the profile does
/// not cover the source, and published under the target name only when complete.
public struct MaskingRun {
    public struct Request: Sendable {
        public var profilePath: String
        public var source: String?
        public var target: String?
        public var jobs: Int?
        public var reportPath: String?

        public init(
            profilePath: String, source: String? = nil, target: String? = nil, jobs: Int? = nil,
            reportPath: String? = nil
        ) {
            self.profilePath = profilePath
            self.source = source
            self.target = target
            self.jobs = jobs
            self.reportPath = reportPath
        }
    }

    public let request: Request
    public let progress: ProgressReporter
    /// Overrides the profile's key store (the demo passes its own).
    public let keyStore: KeyStore?

    public init(request: Request, progress: ProgressReporter, keyStore: KeyStore? = nil) {
        self.request = request
        self.progress = progress
        self.keyStore = keyStore
    }

    public func execute() throws -> RunReport {
        let profile = try ProfileLoading.load(request.profilePath)
        guard let sourceText = request.source ?? profile.source else {
            throw VeilError(.usage, "no source: set `source:` in the profile or pass --source")
        }
        guard let targetText = request.target ?? profile.target else {
            throw VeilError(.usage, "no target: set `target:` in the profile or pass --target")
        }
        let source = try Endpoint(sourceText, role: "source")
        let target = try Endpoint(targetText, role: "target")
        try TargetGuard.check(source: source, target: target, protected: profile.protected)
        let jobs = request.jobs ?? profile.jobs ?? ProcessInfo.processInfo.activeProcessorCount

        let reader = try source.openSource(
            keepLargeObjects: profile.largeObjects == .keep, keepComments: profile.comments == .keep)
        let schema = try reader.schema()
        let plan: MaskingPlan
        do {
            plan = try PlanBuilder(profile: profile, schema: schema, defaultSchema: source.defaultSchema).build()
        } catch {
            throw error.veilError
        }
        let keys = try keyStore ?? KeyAccess.open(profile)
        let ring = MaskingKeyRing(dataKey: keys.current.material, keyVersion: keys.current.version)
        let transformers = try TransformerCache(plan: plan, keys: ring)

        let expectedRows = try reader.expectedRowCounts() ?? [:]
        progress.start(source: source.description, target: target.description, jobs: jobs)
        let statistics = RunStatistics()
        let started = DispatchTime.now()
        let sink = try target.openSink()
        do {
            try sink.begin(schema: schema)
            let progress = progress
            try OrderedParallelMasker(jobs: jobs).run(
                source: reader, sink: sink,
                masker: { data in
                    let action = plan.actions[data.table] ?? .keep
                    return try TableMasker(
                        data: data, action: action, transformers: transformers.transformers(for: data.table),
                        uniquenessGuards: transformers.uniquenessGuards(for: data.table))
                },
                didWrite: { item in
                    switch item {
                    case .beginTable(let data):
                        let action = plan.actions[data.table] ?? .keep
                        statistics.begin(data.table, action: action.name, maskedColumns: action.maskedColumnCount)
                    case .rows(let batch):
                        if let table = statistics.add(rows: batch.rows.count) {
                            progress.update(
                                table: table.name.description, rows: table.rows, total: expectedRows[table.name])
                        }
                    case .endTable:
                        if let table = statistics.end() {
                            progress.tableDone(table.name.description, rows: table.rows, seconds: table.seconds)
                        }
                    case .passthrough: break
                    }
                })
            try sink.finish()
        } catch {
            sink.abort()
            throw error
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let report = makeReport(
            statistics: statistics, plan: plan, source: source, target: target, jobs: jobs, seconds: seconds)
        if let reportPath = request.reportPath {
            do {
                try report.json().write(to: URL(fileURLWithPath: reportPath), options: .atomic)
            } catch {
                throw VeilError(.target, "cannot write the report to \(reportPath)")
            }
        }
        progress.finish(report.summaryLines())
        return report
    }

    private func makeReport(
        statistics: RunStatistics, plan: MaskingPlan, source: Endpoint, target: Endpoint, jobs: Int, seconds: Double
    ) -> RunReport {
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
            rules: plan.ruleUsage, rows: rows, bytesRead: bytesRead, bytesWritten: target.byteCount,
            seconds: seconds, rowsPerSecond: seconds > 0 ? Double(rows) / seconds : 0,
            megabytesPerSecond: seconds > 0 ? Double(bytesRead) / 1_000_000 / seconds : 0, leaksFound: nil)
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
