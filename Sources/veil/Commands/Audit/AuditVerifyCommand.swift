import ArgumentParser
import VeilApp
import VeilCore
import VeilPipeline

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every entry's MAC and hash chain, and the head kept apart from the log.",
        discussion:
            "Exit 0 when intact; otherwise names the first changed, removed, reordered or missing entry (exit 2).")

    @Argument(help: "The profile (YAML) whose `audit:` log to check.")
    var profile: String

    func run() throws {
        let result = try reportingErrors { try AuditVerify(profilePath: profile).execute() }
        guard let problem = result.problem else {
            say("audit log intact: \(result.entries) entries")
            return
        }
        try reportingErrors { throw VeilError(.verificationFailed, "the audit log fails verification: \(problem)") }
    }
}
