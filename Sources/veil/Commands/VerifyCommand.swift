import ArgumentParser
import Foundation
import VeilCore
import VeilPipeline

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Scan a masked output for leaks of its source's values.",
        discussion: """
            A leak: an output field equal to its own row's original under any rule but keep, or containing a \
            source value of eight or more characters of a column whose rule is not keep. Prints counts per \
            table.column, never a value. Exit 0 when clean, 2 when a leak is found.
            """)

    @Argument(help: "The profile (YAML) whose source the target was made from.")
    var profile: String

    @Option(help: "The output to scan (.sql, SQLite file or CSV folder; default: the profile's target).")
    var target: String?

    @Option(help: "Also write the verification report as JSON to this file.")
    var report: String?

    func run() throws {
        let result = try reportingErrors {
            try LeakVerification(request: .init(profilePath: profile, target: target, reportPath: report)).execute()
        }
        for line in result.summaryLines() { say(line) }
        guard result.leaksFound == 0 else {
            try reportingErrors {
                throw VeilError(.leakFound, "\(result.leaksFound) leaked field(s) found in \(result.target)")
            }
            return
        }
    }
}
