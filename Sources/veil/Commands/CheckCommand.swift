import ArgumentParser
import VeilApp
import VeilPipeline

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that a profile covers its source: every column reviewed, foreign keys consistent.",
        discussion: "Reads the source's schema only, no rows and no keys. Exit 3 when review is needed.")

    @Argument(help: "The profile (YAML).")
    var profile: String

    @Option(help: "Check against this source instead of the profile's.")
    var against: String?

    @Option(help: "Check what this target can hold (generated columns) instead of the profile's target.")
    var target: String?

    @Flag(help: "After review: record the source's schema in the lock beside the profile (PROFILE.lock).")
    var updateLock = false

    func run() throws {
        let summary = try reportingErrors {
            try ProfileCheck(profilePath: profile, source: against, target: target, updateLock: updateLock).execute()
        }
        say("ok: \(summary.tables) tables, \(summary.maskedColumns) masked columns, every column reviewed")
        for column in summary.reversibleColumns { say("reversible: \(column)") }
        for column in summary.oneWayColumns { say("one-way: \(column)") }
        for fallback in summary.oneWayFallbacks { say("one-way fallback: \(fallback)") }
        for warning in summary.derivedColumnWarnings { say("warning: \(warning)") }
        for warning in summary.uncheckedIndexWarnings { say("warning: \(warning)") }
        for warning in summary.unevaluatedCheckWarnings { say("warning: \(warning)") }
        for marker in summary.toConfirm { say("to confirm: \(marker)") }
        for entry in summary.unusedEntries { say("warning: profile entry `\(entry)` matches no table of the source") }
        if let lock = summary.schemaLock { say(lock.line(profilePath: profile)) }
    }
}
