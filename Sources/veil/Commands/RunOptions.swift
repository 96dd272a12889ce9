import ArgumentParser
import VeilApp
import VeilConnectors
import VeilCore
import VeilFiles
import VeilPipeline

/// The options `veil run` and `veil refresh` share, and how their outcome is reported.
struct RunOptions: ParsableArguments {
    @Option(help: "Read from this source instead of the profile's.")
    var source: String?

    @Option(help: "Write to this target instead of the profile's.")
    var target: String?

    @Option(help: "Parallel masking workers (default: the profile's `jobs`, else one per core).")
    var jobs: Int?

    @Option(help: "Also write the run report as JSON to this file.")
    var report: String?

    @Option(
        help: ArgumentHelp(
            "Write the signed run manifest to this file.",
            discussion: "Default: <target>.manifest.json beside a file or CSV-folder target; for a PostgreSQL target, "
                + "beside --report (report.json → report.manifest.json), else none."))
    var manifest: String?

    @Option(help: "Also write Prometheus metrics (node_exporter textfile format) to this file, on success or failure.")
    var metrics: String?

    @Flag(help: "Print no progress or summary.")
    var quiet = false

    func validate() throws {
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256") }
    }

    func request(profile: String) -> MaskingRun.Request {
        .init(
            profilePath: profile, source: source, target: target, jobs: jobs, reportPath: report,
            manifestPath: manifest, metricsPath: metrics)
    }

    var progress: ProgressReporter { quiet ? ProgressReporter(style: .silent) : .automatic() }

    /// Runs the use case (which writes the metrics of a success itself, before it publishes), writes the metrics
    /// of a failure, and maps errors to exit codes.
    func execute(_ useCase: () throws -> RunReport) throws {
        TemporaryOutputs.removeOnTermination()
        try reportingErrors {
            do {
                _ = try useCase()
            } catch let error as VeilError {
                if let metrics { try? MetricsFile.write(report: nil, error: error, to: metrics) }
                throw error
            }
        }
    }
}
