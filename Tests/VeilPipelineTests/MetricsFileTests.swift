import Foundation
import Testing
import VeilCore

@testable import VeilPipeline

@Suite("Prometheus metrics file")
struct MetricsFileTests {
    static let report = RunReport(
        status: "ok", source: "in.sql", target: "out.sql", jobs: 2,
        tables: [
            .init(
                table: "public.customer", rows: 599, maskedColumns: 4, action: "mask", seconds: 0.25,
                rowsPerSecond: 2396),
            .init(table: "odd\"name", rows: 1, maskedColumns: 0, action: "keep", seconds: 0, rowsPerSecond: 0),
        ], rules: ["fpe": 1], rows: 600, bytesRead: 1000, bytesWritten: 900, seconds: 1.5, rowsPerSecond: 400,
        megabytesPerSecond: 0.001, leaksFound: nil)

    @Test("a successful run gives per-table rows, seconds and status in the text format")
    func success() {
        let text = MetricsFile.text(report: Self.report, error: nil, now: Date(timeIntervalSince1970: 1_700_000_000))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("veil_run_success 1"))
        #expect(lines.contains("veil_run_exit_code 0"))
        #expect(lines.contains("veil_run_timestamp_seconds 1700000000.000"))
        #expect(lines.contains("veil_table_rows{table=\"public.customer\"} 599"))
        #expect(lines.contains("veil_table_seconds{table=\"public.customer\"} 0.250"))
        #expect(lines.contains("veil_table_status{table=\"public.customer\",status=\"ok\"} 1"))
        #expect(lines.contains("veil_table_rows{table=\"odd\\\"name\"} 1"))
        // Every sample's metric has HELP and TYPE lines.
        for line in lines where !line.hasPrefix("#") {
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            #expect(lines.contains { $0.hasPrefix("# TYPE \(name) gauge") }, "\(name)")
        }
    }

    @Test("a failed run says so with its exit code and the table where it failed")
    func failure() throws {
        let error = VeilError(
            .source, "truncated", location: .init(table: TableName(schema: "public", name: "rental"), row: 12))
        let text = MetricsFile.text(report: nil, error: error)
        #expect(text.contains("veil_run_success 0\n"))
        #expect(text.contains("veil_run_exit_code 66\n"))
        #expect(text.contains("veil_table_status{table=\"public.rental\",status=\"failed\"} 1\n"))
    }
}
