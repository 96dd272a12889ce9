import Dispatch
import Foundation
import VeilCore
import VeilProfile

/// The leak check of a `veil run` to a file target (`leak_check:` in the profile; `fail` by default).
///
/// Three steps, so the output is never read back unless the filter hits:
/// 1. ``fillFilter()``, before the first row is masked: the source values of every watched column go into the
///    keyed filter through the reader's own column pass (``ColumnPassSource``: a dump skips the other tables and
///    never decodes the other fields; SQLite and PostgreSQL select only those columns, in the stream's own
///    snapshot), or a second read of the source where the reader has none (CSV).
/// 2. During the run, ``RunLeakObserver`` counts masked fields equal to their own row's original exactly, and
///    scans every output batch against the complete filter on the worker that masked it, while it is in memory.
/// 3. ``verify(_:)``, after the sink publishes: filter hits (if any) are confirmed exactly by re-reading the source
///    and the output (``LeakConfirmation``). The check judges the published output because the sinks publish
///    inside `finish()`: with `fail`, an output with a confirmed leak is then deleted from the target path, so no
///    leaking copy stays behind (a previous output under that name is gone too, having been replaced), and the
///    run exits 2. With `warn` the output stays and the report counts the leaks.
struct RunLeakCheck {
    let observer: RunLeakObserver
    let policy: LeakCheckPolicy
    let run: PreparedRun
    /// Seconds the filter took to fill, before the run (see ``verify(_:)``).
    private var fillSeconds = 0.0

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

    /// Puts the source values of every watched column into the filter; before the run's stream begins.
    mutating func fillFilter() throws {
        let started = DispatchTime.now()
        defer { fillSeconds = Self.seconds(since: started) }
        var wanted: [TableName: Set<String>] = [:]
        for table in try run.reader.schema().tables {
            guard let watched = observer.scope.columns(of: table.name)?.watched, !watched.isEmpty else { continue }
            wanted[table.name] = watched
        }
        guard !wanted.isEmpty else { return }
        // The reading thread hashes; a second thread inserts (one cache miss per filter and value) beside it.
        let index = observer.index
        let inserting = DispatchQueue(label: "veil.leak.fill")
        let group = DispatchGroup()
        let slots = DispatchSemaphore(value: 4)
        var pending: [SourceValueIndex.Entry] = []
        pending.reserveCapacity(Self.insertChunk)
        func flush() {
            guard !pending.isEmpty else { return }
            let chunk = pending
            pending.removeAll(keepingCapacity: true)
            slots.wait()
            inserting.async(group: group) {
                index.insert(chunk)
                slots.signal()
            }
        }
        defer { group.wait() }
        let add = { (table: TableName, column: String, value: UnsafeRawBufferPointer) in
            guard let entry = index.entry(for: value) else { return }
            pending.append(entry)
            if pending.count == Self.insertChunk { flush() }
        }
        if let reader = run.reader as? ColumnPassSource {
            try reader.readColumns(wanted, add)
        } else {
            // No column pass (CSV): a second read of the source.
            let reader = try run.source.openSource(keepLargeObjects: false, keepComments: false).reader
            var columns: [String] = []
            while let item = try reader.next() {
                switch item {
                case .beginTable(let data): columns = data.columns
                case .rows(let batch):
                    guard let watched = wanted[batch.table] else { continue }
                    batch.forEachValue(columns: columns, wanted: watched, add)
                case .endTable, .passthrough: break
                }
            }
        }
        flush()
    }

    /// Entries handed to the inserting thread at a time.
    private static let insertChunk = 1 << 15

    /// Confirms the run's filter hits and records the outcome in `report`; returns the error to end the run with
    /// (after the report is saved) when `leak_check: fail` and a leak is confirmed.
    func verify(_ report: inout RunReport) throws -> VeilError? {
        let started = DispatchTime.now()
        var leaks = observer.sameRowLeaks
        let candidates = observer.candidates
        if !candidates.isEmpty {
            let target = run.target
            let source = run.source
            let confirmed = try LeakConfirmation(index: observer.index, scope: observer.scope).confirm(
                candidates, source: try source.openSource(keepLargeObjects: false, keepComments: false).reader,
                output: try target.openSource(keepLargeObjects: false, keepComments: false).reader)
            leaks.merge(confirmed, uniquingKeysWith: +)
        }
        let total = leaks.values.reduce(0, +)
        report.leaksFound = total
        report.leaks = leaks
        report.leakCheckSeconds = fillSeconds + Self.seconds(since: started)
        guard total > 0, policy == .fail else { return nil }
        report.status = "leak"
        try? FileManager.default.removeItem(atPath: run.target.description)
        return VeilError(
            .leakFound,
            "leak verification found \(total) leaked field(s) (\(leaks.keys.sorted().joined(separator: ", "))); "
                + "the output was removed (set `leak_check: warn` to keep it)")
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
