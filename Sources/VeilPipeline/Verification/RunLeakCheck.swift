import Dispatch
import Foundation
import VeilCore
import VeilProfile

/// The leak check of a `veil run` or `veil snapshot` to a file target (`leak_check:` in the profile; `fail` by
/// default). Three steps, so the output is never read back unless the filter hits:
/// 1. ``prepare(_:)``, before the first row is masked (for a run, while the key store opens: see ``PreparedRun``):
///    the values of every watched column go into the keyed filter (``WatchedValues``).
/// 2. During the run, ``RunLeakObserver`` counts masked fields equal to their own row's original exactly, and
///    scans every output batch against the complete filter on the worker that masked it, while it is in memory.
/// 3. ``verify(_:)``, after the sink publishes: filter hits (if any) are confirmed exactly (``LeakConfirmation``).
///    The observer kept the hit fields in memory, so one more column pass over the source finds the originals
///    they may hold (beyond ``RunLeakObserver/capturedLimit`` fields, the source and the output are read again).
///
/// The check judges the published output because the sinks publish inside `finish()`: with `fail`, an output with
/// a confirmed leak is then deleted from the target path, so no leaking copy stays behind (a previous output under
/// that name is gone too, having been replaced), and the run exits 2. With `warn` the output stays and the report
/// counts the leaks.
final class RunLeakCheck: @unchecked Sendable {
    /// Nil until ``prepare(_:)`` decides the run is checked.
    private(set) var observer: RunLeakObserver?
    private var policy = LeakCheckPolicy.off
    private var source: Endpoint?
    private var target: Endpoint?
    private var watched = WatchedValues(columns: [:])
    /// Source tables by bare name, to name output columns in the report.
    private var tables: [String: TableName] = [:]
    /// Seconds the filter took to fill, before the run (see ``verify(_:)``).
    private var fillSeconds = 0.0

    /// Decides whether the run is checked (not when the profile turns the check off, nor for a PostgreSQL target,
    /// refreshed rather than written) and fills the filter: given to ``PreparedRun`` to do while the keys open.
    func prepare(_ run: PreparedRun.Planned) throws {
        guard run.profile.leakCheck != .off else { return }
        if case .postgres = run.target { return }
        let started = DispatchTime.now()
        defer { fillSeconds = Self.seconds(since: started) }
        let scope = LeakScope(plan: run.plan)
        let capacity = scope.capacity(expectedRows: try? run.reader.expectedRowCounts())
        let observer = RunLeakObserver(index: SourceValueIndex(capacity: capacity), scope: scope)
        self.observer = observer
        policy = run.profile.leakCheck
        source = run.source
        target = run.target
        var columns: [TableName: Set<String>] = [:]
        for table in try run.reader.schema().tables {
            tables[table.name.name] = table.name
            guard let names = scope.columns(of: table.name)?.watched, !names.isEmpty else { continue }
            columns[table.name] = names
        }
        watched = WatchedValues(columns: columns)
        // The run's own reader when it has a column pass (its stream stays untouched); else a second one.
        let reader = run.reader is ColumnPassSource
            ? run.reader : try run.source.openSource(keepLargeObjects: false, keepComments: false).reader
        try watched.fill(observer.index, from: reader)
    }

    /// Confirms the run's filter hits and records the outcome in `report`; returns the error to end the run with
    /// (after the report is saved) when `leak_check: fail` and a leak is confirmed.
    func verify(_ report: inout RunReport) throws -> VeilError? {
        guard let observer, let source, let target else { return nil }
        let started = DispatchTime.now()
        var leaks: [String: Int] = [:]
        for (table, columns) in observer.sameRowLeaks {
            for (column, count) in columns { leaks[outputName(table.name, column), default: 0] += count }
        }
        let candidates = observer.candidates
        if !candidates.isEmpty {
            let confirmation = LeakConfirmation(index: observer.index, scope: observer.scope)
            let open = { try source.openSource(keepLargeObjects: false, keepComments: false).reader }
            if let captured = observer.capturedCandidates {
                let places = try confirmation.leakedPlaces(captured) { visit in try watched.read(try open(), visit) }
                for place in places { leaks[outputName(place.table, place.column), default: 0] += 1 }
            } else if case .sqlite = source, case .plainDump = target {
                // A SQLite-dialect script cannot be read back: every unconfirmed hit counts (never fewer leaks).
                for place in candidates.contained.keys { leaks[outputName(place.table, place.column), default: 0] += 1 }
            } else {
                let confirmed = try confirmation.confirm(
                    candidates, source: try open(),
                    output: try target.openSource(keepLargeObjects: false, keepComments: false).reader)
                leaks.merge(confirmed, uniquingKeysWith: +)
            }
        }
        let total = leaks.values.reduce(0, +)
        report.leaksFound = total
        report.leaks = leaks
        report.leakCheckSeconds = fillSeconds + Self.seconds(since: started)
        guard total > 0, policy == .fail else { return nil }
        report.status = "leak"
        try? FileManager.default.removeItem(atPath: target.description)
        return VeilError(
            .leakFound,
            "leak verification found \(total) leaked field(s) (\(leaks.keys.sorted().joined(separator: ", "))); "
                + "the output was removed (set `leak_check: warn` to keep it)")
    }

    /// An output column as the output names it: `schema.table.column` in a dump, `table.column` in SQLite or CSV.
    private func outputName(_ table: String, _ column: String) -> String {
        if case .plainDump = target, let name = tables[table] { return "\(name.description).\(column)" }
        return "\(table).\(column)"
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
