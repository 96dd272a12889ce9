import ArgumentParser
import VeilCore
import VeilPipeline

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Make one masked copy of the profile's source.")

    @Argument(help: "The profile (YAML).")
    var profile: String

    @Option(help: "Read from this source instead of the profile's.")
    var source: String?

    @Option(help: "Write to this target instead of the profile's.")
    var target: String?

    @Option(help: "Parallel masking workers (default: the profile's `jobs`, else one per core).")
    var jobs: Int?

    @Option(help: "Also write the run report as JSON to this file.")
    var report: String?

    @Option(help: "Also write Prometheus metrics (node_exporter textfile format) to this file, on success or failure.")
    var metrics: String?

    @Flag(help: "Print no progress or summary.")
    var quiet = false

    func validate() throws {
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256") }
    }

    func run() throws {
        try reportingErrors {
            do {
                let outcome = try MaskingRun(
                    request: .init(
                        profilePath: profile, source: source, target: target, jobs: jobs, reportPath: report),
                    progress: quiet ? ProgressReporter(style: .silent) : .automatic()
                ).execute()
                if let metrics { try MetricsFile.write(report: outcome, error: nil, to: metrics) }
            } catch let error as VeilError {
                if let metrics { try? MetricsFile.write(report: nil, error: error, to: metrics) }
                throw error
            }
        }
    }
}
