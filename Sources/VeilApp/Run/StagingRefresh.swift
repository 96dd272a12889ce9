import Dispatch
import Foundation
import VeilConnectors
import VeilCore
import VeilPipeline

/// `veil refresh`: a masked copy into a live PostgreSQL target that shows its previous complete copy until the new
/// one is complete.
///
/// 1. Never onto production: a target on the source's server (same system identifier) with the source's database
///    name, or listed under `protected:`, is refused before anything is written.
/// 2. The refresh lock of the target is taken (exit 75 when another refresh holds it), and leftovers of a killed
///    refresh (`<target>__veil_next`, `<target>__veil_old`) are dropped.
/// 3. The copy is built in `<target>__veil_next`: the source's pre-data DDL, the masked rows by COPY, the post-data
///    DDL (indexes, constraints, triggers), sequences moved past their columns' maxima.
/// 4. Rows per table in the copy (the target's own count at the end of each COPY) are compared with the source (a
///    live source's own count as it sent each table in the snapshot; a dump's rows as read); a mismatch fails the
///    refresh. The leak check (``RunLeakCheck``, as
///    for a file target) judges the copy: a confirmed leak with `leak_check: fail` fails the refresh (exit 2).
/// 5. The copy is swapped in (one transaction renaming both databases) and the previous copy dropped.
///
/// A failure or a kill at any step before the swap's commit leaves the target exactly as it was; see
/// ``StagingDatabase`` for the trade-offs of the sibling-database swap.
public struct StagingRefresh {
    public let request: MaskingRun.Request
    public let progress: ProgressReporter

    public init(request: MaskingRun.Request, progress: ProgressReporter) {
        self.request = request
        self.progress = progress
    }

    public func execute() throws -> RunReport {
        let leakCheck = RunLeakCheck()
        let run = try PreparedRun(request: request, keyStore: nil, alongsideKeys: leakCheck.prepare)
        guard case .postgres = run.target else {
            throw VeilError(
                .usage, "`veil refresh` needs a PostgreSQL target (postgresql://...); use `veil run` for \(run.target)")
        }
        return try execute(run, leakCheck: leakCheck)
    }

    /// Refreshes from a run already prepared (tests feed one a damaged source through it).
    package func execute(_ run: PreparedRun, leakCheck: RunLeakCheck) throws -> RunReport {
        guard case .postgres(let targetURL) = run.target else {
            throw VeilError(.internal, "a refresh was asked for a target that is not PostgreSQL")
        }
        let staging = try StagingDatabase(conninfo: targetURL)
        if case .postgres(let sourceURL) = run.source {
            let source = try PostgresIdentity(conninfo: sourceURL)
            if source == PostgresIdentity(systemIdentifier: try staging.systemIdentifier(), database: staging.name) {
                throw VeilError(
                    .target, "the target \(run.target) is the source's own database; refusing to write onto it")
            }
        }
        try staging.lock()
        for leftover in try staging.removeLeftovers() {
            progress.step("removed \(leftover), left by an interrupted refresh")
        }
        progress.start(source: run.source.description, target: run.target.description, jobs: run.jobs)
        try staging.createNext()
        let outcome: (statistics: RunStatistics, seconds: Double)
        let report: RunReport
        var saved: RunReport?
        do {
            var streamed: (statistics: RunStatistics, seconds: Double)?
            let loaded = try staging.loadNext(sessions: run.jobs) { writer in
                do {
                    streamed = try run.stream(into: writer, progress: progress, leakObserver: leakCheck.observer)
                    let started = DispatchTime.now()
                    try writer.finish()
                    progress.step(
                        "rows streamed in \(Self.seconds(streamed!.seconds)); post-data DDL and sequences in "
                            + Self.seconds(since: started))
                } catch {
                    writer.abort()
                    throw error
                }
            }
            outcome = streamed!
            try checkRowCounts(loaded: loaded, run: run, statistics: outcome.statistics)
            progress.step("row counts of \(loaded.count) tables match the source; swapping \(staging.nextName) in")
            // The report, manifest and metrics come before the swap, which is the refresh's last step: when one of
            // them cannot be written, staging keeps its previous copy.
            var checked = run.report(statistics: outcome.statistics, seconds: outcome.seconds)
            if let leakError = try leakCheck.verify(&checked, output: .postgres(url: staging.nextConninfo)) {
                try? PreparedRun.save(checked, to: request.reportPath)
                progress.finish(checked.summaryLines())
                throw leakError
            }
            report = checked
            saved = report
            try PreparedRun.save(report, to: request.reportPath)
            try RunManifestWriter.write(run: run, report: report, request: request, progress: progress)
            if let metrics = request.metricsPath { try MetricsFile.write(report: report, error: nil, to: metrics) }
            let swapStarted = DispatchTime.now()
            try staging.swap()
            progress.step("swapped in \(Self.seconds(since: swapStarted))")
        } catch {
            staging.discardNext()
            if var failed = saved {
                failed.status = "failed"
                try? PreparedRun.save(failed, to: request.reportPath)
            }
            throw error
        }
        do {
            let dropStarted = DispatchTime.now()
            try staging.dropOld()
            progress.step("dropped the previous copy in \(Self.seconds(since: dropStarted))")
        } catch {
            progress.step("the previous copy \(staging.oldName) could not be dropped now; the next refresh drops it")
        }
        progress.finish(report.summaryLines())
        return report
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }

    private static func seconds(since start: DispatchTime) -> String {
        seconds(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    }

    /// Compares the rows stored per table in the copy (each COPY's command tag) with the source's: for a live
    /// source the rows its server sent (its COPY's command tag, in the snapshot), else the rows read; tables copied
    /// without rows (`rows: none`) must be empty. A table the source's server gave no count for fails the check.
    private func checkRowCounts(loaded: [TableName: Int], run: PreparedRun, statistics: RunStatistics) throws {
        let tables = statistics.snapshot
        var expected =
            run.reader.serverRowCounts() ?? Dictionary(tables.map { ($0.name, $0.rows) }, uniquingKeysWith: +)
        for table in tables.map(\.name) {
            if case .schemaOnly = run.plan.actions[table] { expected[table] = 0 }
        }
        let mismatches = tables.map(\.name).filter { loaded[$0] != expected[$0] }
        guard mismatches.isEmpty else {
            let detail = mismatches.map { table in
                let count = { (rows: Int?) in rows.map(String.init) ?? "no count" }
                return "\(table): source \(count(expected[table])), copy \(count(loaded[table]))"
            }
            throw VeilError(
                .target,
                "the new copy's row counts differ from the source's (\(detail.joined(separator: "; "))); the target "
                    + "is left as it was")
        }
    }
}
