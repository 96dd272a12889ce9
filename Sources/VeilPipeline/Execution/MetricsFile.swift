import Foundation
import VeilCore

/// A Prometheus text-format file for node_exporter's textfile collector (`--metrics FILE`): rows,
/// seconds and status per table, and the run's outcome, so a scheduler's dashboards can alert on a
/// failed or slow nightly refresh. Written to a temporary name and renamed, as the collector requires.
public enum MetricsFile {
    /// The metrics text for a finished run (`report`) or a failed one (`error`).
    public static func text(report: RunReport?, error: VeilError?, now: Date = Date()) -> String {
        var lines: [String] = []
        func metric(_ name: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) gauge")
            for sample in samples { lines.append("\(name)\(sample.labels) \(sample.value)") }
        }
        let exitCode = error?.code.exitCode ?? 0
        metric("veil_run_success", "1 if the last run completed, 0 if it failed.", [("", error == nil ? "1" : "0")])
        metric("veil_run_exit_code", "Exit code of the last run (see the README's table).", [("", "\(exitCode)")])
        metric(
            "veil_run_timestamp_seconds", "When the last run ended, in Unix seconds.",
            [("", String(format: "%.3f", now.timeIntervalSince1970))])
        if let report {
            metric("veil_run_seconds", "Duration of the last run.", [("", String(format: "%.3f", report.seconds))])
            metric("veil_run_rows", "Rows written by the last run.", [("", "\(report.rows)")])
            metric("veil_run_bytes_read", "Bytes of source read by the last run.", [("", "\(report.bytesRead)")])
            metric(
                "veil_table_rows", "Rows written per table by the last run.",
                report.tables.map { (labels(table: $0.table), "\($0.rows)") })
            metric(
                "veil_table_seconds", "Seconds spent per table by the last run.",
                report.tables.map { (labels(table: $0.table), String(format: "%.3f", $0.seconds)) })
            metric(
                "veil_table_masked_columns", "Masked columns per table.",
                report.tables.map { (labels(table: $0.table), "\($0.maskedColumns)") })
            metric(
                "veil_table_status", "1 for each table the last run wrote completely.",
                report.tables.map { (labels(table: $0.table, status: "ok"), "1") })
        } else if let table = error?.location?.table {
            metric(
                "veil_table_status", "1 for the table where the last run failed.",
                [(labels(table: table.description, status: "failed"), "1")])
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the metrics atomically to `path`.
    public static func write(report: RunReport?, error: VeilError?, to path: String) throws {
        do {
            try Data(text(report: report, error: error).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw VeilError(.target, "cannot write the metrics file \(path)")
        }
    }

    private static func labels(table: String, status: String? = nil) -> String {
        var parts = ["table=\"\(escape(table))\""]
        if let status { parts.append("status=\"\(status)\"") }
        return "{" + parts.joined(separator: ",") + "}"
    }

    /// Label values escape backslash, double quote and newline.
    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
