import Foundation
import VeilCore

/// What a run did, for people (summary lines) and schedulers (`--report FILE.json`).
/// Counts and names only: a report never holds a data value.
public struct RunReport: Codable, Sendable {
    public struct TableReport: Codable, Sendable {
        public var table: String
        public var rows: Int
        public var maskedColumns: Int
        public var action: String
        public var seconds: Double
        public var rowsPerSecond: Double
    }

    public var status: String
    public var source: String
    public var target: String
    public var jobs: Int
    public var tables: [TableReport]
    public var rules: [String: Int]
    public var rows: Int
    public var bytesRead: Int
    public var bytesWritten: Int
    public var seconds: Double
    public var rowsPerSecond: Double
    public var megabytesPerSecond: Double
    /// Fields the leak check confirmed as leaks; nil means "not checked" (`leak_check: off`, a PostgreSQL
    /// target), never "clean".
    public var leaksFound: Int?
    /// Confirmed leaks by `table.column` (counts, never values); nil when not checked.
    public var leaks: [String: Int]? = nil
    /// Seconds of the leak check's own passes: filling the filter before the masking (not in `seconds`) and
    /// confirming filter hits after it. Scanning output batches happens inside the masking workers (in `seconds`).
    public var leakCheckSeconds: Double? = nil

    /// The JSON form, keys sorted so two reports diff cleanly.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// One line per table, then a total line.
    public func summaryLines() -> [String] {
        var lines = tables.map { table in
            "\(table.table): \(table.rows) rows, \(table.maskedColumns) masked column(s), "
                + String(format: "%.3f s, %.0f rows/s", table.seconds, table.rowsPerSecond)
        }
        lines.append(
            "total: \(rows) rows in \(tables.count) tables, "
                + String(
                    format: "%.2f s, %.0f rows/s, %.1f MB/s (%d jobs)", seconds, rowsPerSecond, megabytesPerSecond,
                    jobs))
        if let leaksFound {
            for (column, count) in (leaks ?? [:]).sorted(by: { $0.key < $1.key }) {
                lines.append("leak: \(column): \(count) field(s)")
            }
            lines.append(
                "leak check: \(leaksFound) leaked field(s)"
                    + String(format: " (%.2f s)", leakCheckSeconds ?? 0))
        }
        return lines
    }
}

/// Collects per-table numbers as the writer writes. Used from the writer queue only.
package final class RunStatistics: @unchecked Sendable {
    package struct Table {
        package var name: TableName
        package var rows = 0
        var maskedColumns = 0
        var action = "keep"
        var started = DispatchTime.now()
        var seconds = 0.0
    }

    private let lock = NSLock()
    private var tables: [Table] = []
    /// Tables begun and not ended (several when the source interleaves tables), by name.
    private var open: [TableName: Int] = [:]

    func begin(_ name: TableName, action: String, maskedColumns: Int) {
        lock.withLock {
            tables.append(Table(name: name, maskedColumns: maskedColumns, action: action))
            open[name] = tables.count - 1
        }
    }

    /// Adds rows to an open table and returns that table's running state.
    @discardableResult
    func add(rows: Int, to name: TableName) -> Table? {
        lock.withLock {
            guard let index = open[name] else { return nil }
            tables[index].rows += rows
            return tables[index]
        }
    }

    /// Closes an open table and returns it, with its duration.
    @discardableResult
    func end(_ name: TableName) -> Table? {
        lock.withLock {
            guard let index = open.removeValue(forKey: name) else { return nil }
            let elapsed = DispatchTime.now().uptimeNanoseconds - tables[index].started.uptimeNanoseconds
            tables[index].seconds = Double(elapsed) / 1e9
            return tables[index]
        }
    }

    package var snapshot: [Table] { lock.withLock { tables } }
}
