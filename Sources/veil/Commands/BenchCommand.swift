import ArgumentParser
import Foundation
import VeilApp
import VeilCrypto
import VeilPipeline

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure FF1, HMAC, rule and pipeline throughput on this machine.",
        discussion: "Build with -c release for meaningful numbers. Run from the Veil checkout (uses Fixtures/).")

    @Option(help: "Values per micro benchmark.")
    var values = 2_000_000

    @Option(help: "The profile for the pipeline benchmark.")
    var profile = "Profiles/pagila.yaml"

    @Flag(help: "Skip the pipeline benchmark.")
    var microOnly = false

    @Option(help: "Measure only these rules (repeatable: --rule email --rule card); skips crypto and pipeline.")
    var rule: [String] = []

    func run() throws {
        try reportingErrors {
            say("machine: \(MachineLoad.summary)")
            defer { say("machine after: \(MachineLoad.summary)") }
            guard rule.isEmpty else {
                RuleBenchmarks.run(values: values, only: Set(rule)) { say($0.description) }
                return
            }
            say("crypto (one core)")
            say(result("FF1 16 digits, batch path", CryptoBenchmarks.ff1Batch(values: values), "values/s"))
            say(
                result("FF1 16 digits, one value at a time", CryptoBenchmarks.ff1Single(values: values / 4), "values/s")
            )
            say(result("HMAC-SHA256 of 20 bytes", CryptoBenchmarks.hmac(values: values), "values/s"))
            say("rules (one core, batches of 4096; targets beside them)")
            RuleBenchmarks.run(values: values) { say($0.description) }
            for result in Benchmarks.leakFilter(count: values / 2) { say(result.description) }
            guard !microOnly else { return }
            say("pipeline: \(profile)")
            let keys = try Benchmarks.temporaryKeyStore()
            for jobs in [1, 2] {
                // Best of three runs (the first also warms the page cache).
                let report = try (0..<3).map { _ in
                    try Benchmarks.pipeline(profilePath: profile, jobs: jobs, keyStore: keys)
                }.min { $0.seconds < $1.seconds }!
                say(
                    "  jobs \(jobs): \(report.rows) rows, "
                        + String(
                            format: "%.3f s, %.0f rows/s, %.1f MB/s", report.seconds, report.rowsPerSecond,
                            report.megabytesPerSecond)
                        + String(
                            format: ", leak check %.3f s (+%.1f%%)", report.leakCheckSeconds ?? 0,
                            100 * (report.leakCheckSeconds ?? 0) / max(report.seconds, 1e-9)))
            }
        }
    }

    private func result(_ name: String, _ value: Double, _ unit: String) -> String {
        "  " + name.padding(toLength: 42, withPad: " ", startingAt: 0) + String(format: "%14.0f ", value) + unit
    }
}
