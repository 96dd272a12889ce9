import Dispatch
import Foundation
import VeilCore
import VeilProfile

/// The leak check of a `veil run` to a file target (`leak_check:` in the profile; `fail` by default).
///
/// The source-value filter is built during the run, from the originals ``TableMasker`` sees (the source is read
/// once), and same-row equality is counted exactly there. After the sink publishes its output, one more pass
/// reads the output (the extra cost of the check); filter hits are confirmed exactly by re-reading the source and
/// the output (only when there are hits). The check runs on the published output because the sinks publish inside
/// `finish()`: with `fail`, an output with a confirmed leak is then deleted from the target path, so no leaking
/// copy stays behind (a previous output under that name is gone too, having been replaced), and the run exits 2.
/// With `warn` the output stays and the report counts the leaks.
struct RunLeakCheck {
    let observer: RunLeakObserver
    let policy: LeakCheckPolicy
    let run: PreparedRun

    /// Nil when the profile turns the check off, or for a PostgreSQL target (refreshed, not a file).
    init?(run: PreparedRun) {
        guard run.profile.leakCheck != .off else { return nil }
        if case .postgres = run.target { return nil }
        let scope = LeakScope(plan: run.plan)
        let capacity = scope.capacity(expectedRows: try? run.reader.expectedRowCounts())
        observer = RunLeakObserver(index: SourceValueIndex(capacity: capacity), scope: scope)
        policy = run.profile.leakCheck
        self.run = run
    }

    /// Scans the published output and records the outcome in `report`; returns the error to end the run with
    /// (after the report is saved) when `leak_check: fail` and a leak is confirmed.
    func verify(_ report: inout RunReport) throws -> VeilError? {
        let started = DispatchTime.now()
        let check = LeakVerification.LeakCheck(index: observer.index, scope: observer.scope)
        let target = run.target
        let source = run.source
        let outcome = try check.run(
            output: { try target.openSource(keepLargeObjects: false, keepComments: false).reader },
            source: { try source.openSource(keepLargeObjects: false, keepComments: false).reader })
        let leaks = outcome.leaks.merging(observer.sameRowLeaks, uniquingKeysWith: +)
        let total = leaks.values.reduce(0, +)
        report.leaksFound = total
        report.leaks = leaks
        report.leakCheckSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        guard total > 0, policy == .fail else { return nil }
        report.status = "leak"
        try? FileManager.default.removeItem(atPath: target.description)
        return VeilError(
            .leakFound,
            "leak verification found \(total) leaked field(s) (\(leaks.keys.sorted().joined(separator: ", "))); "
                + "the output was removed (set `leak_check: warn` to keep it)")
    }
}
