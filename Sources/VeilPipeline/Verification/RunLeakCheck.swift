import Dispatch
import Foundation
import VeilConnectors
import VeilCore
import VeilProfile

/// The leak check of a `veil run`, `veil snapshot` or `veil refresh` (`leak_check:` in the profile; `fail` by
/// default). Three steps, so the output is never read back unless the filter hits:
/// 1. ``prepare(_:)``, before the first row is masked (for a run, while the key store opens: see ``PreparedRun``):
///    the values of every watched column go into the keyed filter (``WatchedValues``).
/// 2. During the run, ``RunLeakObserver`` counts masked fields equal to their own row's original exactly, and
///    scans every output batch (and the text passed through between tables) against the complete filter on the
///    thread that made it, while it is in memory.
/// 3. ``verify(_:output:)``, after the sink has completed its output and before it is published: filter hits (if
///    any) are confirmed exactly (``LeakConfirmation``). The observer kept the hit fields in memory, so one more
///    column pass over the source finds the originals they may hold. Beyond ``RunLeakObserver/capturedLimit``
///    fields, the source and the unpublished output are read again where the output reads back in the order it was
///    written (a dump, CSV), and every hit counts where it does not (a database, read in the order of keys that
///    masking may have changed: a candidate's row number would find another row).
///
/// With `fail`, a confirmed leak ends the run (exit 2) and the output is never published (``RunPublication``; a
/// refresh drops its new copy before the swap, so staging keeps its previous one).
/// With `warn` the output is published and the report counts the leaks.
package final class RunLeakCheck: @unchecked Sendable {
    /// Nil until ``prepare(_:)`` decides the run is checked.
    package private(set) var observer: RunLeakObserver?
    private var policy = LeakCheckPolicy.off
    private var source: Endpoint?
    private var target: Endpoint?
    private var schema = DatabaseSchema()
    private var watched = WatchedValues(columns: [:])
    /// Seconds the filter took to fill, before the run (see ``verify(_:output:)``).
    private var fillSeconds = 0.0

    /// Candidate fields the run keeps in memory for their confirmation (``RunLeakObserver/capturedLimit``).
    private let capturedLimit: Int

    /// - Parameter capturedLimit: tests lower it to reach the confirmation that reads the output back.
    package init(capturedLimit: Int = RunLeakObserver.capturedLimit) {
        self.capturedLimit = capturedLimit
    }

    /// Decides whether the run is checked (not when the profile turns the check off) and fills the filter: given to
    /// ``PreparedRun`` to do while the keys open.
    package func prepare(_ run: PreparedRun.Planned) throws {
        guard run.profile.leakCheck != .off else { return }
        let started = DispatchTime.now()
        defer { fillSeconds = Self.seconds(since: started) }
        let scope = LeakScope(plan: run.plan)
        let capacity = scope.capacity(expectedRows: try? run.reader.expectedRowCounts())
        let observer = RunLeakObserver(
            index: SourceValueIndex(capacity: capacity), scope: scope, capturedLimit: capturedLimit)
        self.observer = observer
        policy = run.profile.leakCheck
        source = run.source
        target = run.target
        schema = try run.reader.schema()
        watched = WatchedValues(scope: scope, schema: schema)
        // The run's own reader when it has a column pass (its stream stays untouched); else a second one.
        let reader =
            run.reader is ColumnPassSource
            ? run.reader : try run.source.openSource(keepLargeObjects: false, keepComments: false).reader
        try watched.fill(observer.index, from: reader)
    }

    /// Confirms the run's filter hits and records the outcome in `report`; returns the error to end the run with
    /// (after the report is saved) when `leak_check: fail` and a leak is confirmed.
    /// - Parameter output: where the completed output is, not yet published.
    package func verify(_ report: inout RunReport, output: Endpoint) throws -> VeilError? {
        guard let observer, let source, let target else { return nil }
        let started = DispatchTime.now()
        var leaks: [String: Int] = [:]
        for (table, columns) in observer.sameRowLeaks {
            for (column, count) in columns { leaks[outputName(table, column), default: 0] += count }
        }
        let candidates = observer.candidates
        if !candidates.isEmpty {
            let confirmation = LeakConfirmation(index: observer.index, scope: observer.scope)
            let open = { try source.openSource(keepLargeObjects: false, keepComments: false).reader }
            let places: [LeakPlace]
            if let captured = observer.capturedCandidates {
                places = try confirmation.leakedPlaces(captured) { visit in try watched.read(try open(), visit) }
            } else if case .sqlite = source, case .plainDump = target {
                // A SQLite-dialect script cannot be read back: every unconfirmed hit counts (never fewer leaks).
                places = Array(candidates.contained.keys)
            } else if !target.readsBackInWrittenOrder {
                // A database reads a table back in key order, which a masked key changes: a candidate's row number
                // would point at another row of the copy, and leaks would go uncounted. Every hit counts instead
                // (never fewer leaks; beyond this many candidates the output holds real leaks, as the filter's
                // false positives are about 1 in 30,000 values).
                places = Array(candidates.contained.keys)
            } else {
                let naming = target.outputNaming
                var sources: [TableName: TableName] = [:]
                for (outputTable, tables) in naming.sourceTables(in: schema) { sources[outputTable] = tables.first }
                places = try confirmation.confirm(
                    candidates, source: try open(),
                    output: try output.openSource(keepLargeObjects: false, keepComments: false).reader,
                    sourceTable: { sources[$0] })
            }
            for place in places { leaks[outputName(place), default: 0] += 1 }
        }
        let total = leaks.values.reduce(0, +)
        report.leaksFound = total
        report.leaks = leaks
        report.leakCheckSeconds = fillSeconds + Self.seconds(since: started)
        guard total > 0, policy == .fail else { return nil }
        report.status = "leak"
        return VeilError(
            .leakFound,
            "leak verification found \(total) leaked field(s) (\(leaks.keys.sorted().joined(separator: ", "))); "
                + "the output was not published (set `leak_check: warn` to publish it anyway)")
    }

    private func outputName(_ place: LeakPlace) -> String {
        place.isPassthrough ? "text passed through between tables" : outputName(place.table, place.column)
    }

    /// An output column as the output names it: `schema.table.column` in a dump, `table.column` in SQLite or CSV
    /// (`schema_table.column` and `schema.table.column` outside the public schema).
    private func outputName(_ table: TableName, _ column: String) -> String {
        let naming = target?.outputNaming ?? .plainDump
        return "\(naming.outputTable(of: table, in: schema).description).\(column)"
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
