import ArgumentParser
import Foundation
import VeilApp
import VeilCore
import VeilPipeline

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Scan a masked output for leaks of its source's values, and check it against its source row by row.",
        discussion: """
            A leak: an output field equal to its own row's original under any rule but keep, or containing a \
            source value of eight or more characters of a column whose rule is not keep. Output rows are paired \
            with their source rows by primary key (or a NOT NULL unique key), never by position; with the key \
            store, each paired row is masked again and every field that is not its expected value is counted as \
            unexpected. Prints counts per table.column, never a value. Exit 0 when clean, 2 when a leak or an \
            unexpected field is found.
            """)

    @Argument(help: "The profile (YAML) whose source the target was made from.")
    var profile: String

    @Option(help: "Read this source instead of the profile's (as `veil run --source`).")
    var source: String?

    @Option(help: "The output to scan (.sql, SQLite file or CSV folder; default: the profile's target).")
    var target: String?

    @Option(help: "The key version the output was masked under (default: the key store's current one).")
    var keyVersion: Int?

    @Option(help: "Also write the verification report as JSON to this file.")
    var report: String?

    func validate() throws {
        if let keyVersion, keyVersion < 1 { throw ValidationError("--key-version must be 1 or more") }
    }

    func run() throws {
        let result = try reportingErrors {
            try LeakVerification(
                request: .init(
                    profilePath: profile, source: source, target: target, reportPath: report, keyVersion: keyVersion)
            ).execute()
        }
        for line in result.summaryLines() { say(line) }
        if result.leaksFound > 0 {
            try reportingErrors {
                throw VeilError(.leakFound, "\(result.leaksFound) leaked field(s) found in \(result.target)")
            }
        } else if result.unexpectedFound > 0 {
            try reportingErrors {
                throw VeilError(
                    .verificationFailed,
                    "\(result.unexpectedFound) field(s) in \(result.target) are not what the profile makes of their "
                        + "source row")
            }
        }
    }
}
