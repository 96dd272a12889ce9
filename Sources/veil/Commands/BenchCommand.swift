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

    func run() throws {
        try reportingErrors {
            say("crypto (one core)")
            say(result("FF1 16 digits, batch path", CryptoBenchmarks.ff1Batch(values: values), "values/s"))
            say(
                result("FF1 16 digits, one value at a time", CryptoBenchmarks.ff1Single(values: values / 4), "values/s")
            )
            say(result("HMAC-SHA256 of 20 bytes", CryptoBenchmarks.hmac(values: values), "values/s"))
            say("rules (one core, batches of 4096)")
            say(
                try Benchmarks.rule("hmac", count: values) { "customer-\($0)@example.com" }.description)
            say(
                try Benchmarks.rule("fpe", count: values) { String(4_000_000_000_000_000 + $0 * 7919) }
                    .description)
            say(try Benchmarks.rule("card", count: values / 2) { luhnCard($0) }.description)
            say(try Benchmarks.rule("fake.email", count: values / 4) { "person\($0)@corp.example" }.description)
            say(try Benchmarks.rule("email", count: values / 4) { "person.\($0)@corp\($0 % 50).example" }.description)
            say(
                try Benchmarks.rule("email", label: "Cyrillic", count: values / 16) {
                    "иван.петров.\($0)@почта\($0 % 50).рф"
                }.description)
            say(
                try Benchmarks.rule("iban", count: values / 4) { "DE89" + String(370_400_440_532_013_000 + $0) }
                    .description)
            say(try Benchmarks.rule("phone", count: values / 4) { "+1 415 \(1_000_000 + $0 % 9_000_000)" }.description)
            say(
                try Benchmarks.rule("ip", count: values / 4) { "10.\($0 >> 16 & 255).\($0 >> 8 & 255).\($0 & 255)" }
                    .description)
            say(try Benchmarks.rule("fake.full_name", count: values / 4) { "customer \($0)" }.description)
            say(
                try Benchmarks.rule("scrub", count: values / 16) {
                    "Customer \($0) wrote from person\($0)@mail.example and asked us to call +1 415 555 \(1000 + $0 % 9000)."
                }.description)
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

    /// A 16-digit Luhn-valid number for the card benchmark.
    private func luhnCard(_ seed: Int) -> String {
        let digits = String((seed * 104_729) % 100_000_000_000_000)
        let body = "4" + String(repeating: "0", count: 14 - digits.count) + digits
        var sum = 0
        for (offset, character) in body.reversed().enumerated() {
            var digit = Int(String(character))!
            if offset % 2 == 0 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return body + String((10 - sum % 10) % 10)
    }
}
