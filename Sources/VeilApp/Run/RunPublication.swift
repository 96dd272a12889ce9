import VeilCore
import VeilFiles
import VeilPipeline

/// The end of a run to a file target, in the only order that never shows an unchecked output: the sink completes
/// its output under a temporary name; the leak check judges it; the report, the signed manifest and the metrics are
/// written (any of them can fail); and only then is the output published under its final name. Whatever fails on
/// the way — a confirmed leak with `leak_check: fail`, a report or manifest that cannot be written, a source that
/// vanished before confirmation — the temporary output is removed and the target keeps what it held before. A
/// `SIGTERM` or `SIGINT` meanwhile removes it too (``TemporaryOutputs``); after a `SIGKILL` the next run does.
struct RunPublication {
    let run: PreparedRun
    let request: MaskingRun.Request
    let progress: ProgressReporter

    /// Completes, checks, documents and publishes what `sink` was given; returns the run's report.
    func finish(
        _ sink: RowSink, outcome: (statistics: RunStatistics, seconds: Double), leakCheck: RunLeakCheck
    ) throws -> RunReport {
        do {
            try sink.complete()
            DebugPause.at("before-leak-confirmation")
            let staged = run.target.staged(at: sink.stagedPath)
            var report = run.report(statistics: outcome.statistics, seconds: outcome.seconds, written: staged)
            let leakError = try leakCheck.verify(&report, output: staged)
            try PreparedRun.save(report, to: request.reportPath)
            if let leakError {
                progress.finish(report.summaryLines())
                throw leakError
            }
            try RunManifestWriter.write(
                run: run, report: report, request: request, progress: progress, staged: sink.stagedPath)
            if let metrics = request.metricsPath { try MetricsFile.write(report: report, error: nil, to: metrics) }
            DebugPause.at("before-publish")
            try sink.publish()
            progress.finish(report.summaryLines())
            return report
        } catch {
            sink.abort()
            throw error
        }
    }
}
