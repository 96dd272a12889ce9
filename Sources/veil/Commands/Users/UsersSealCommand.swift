import ArgumentParser
import VeilApp
import VeilPipeline

struct UsersSealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract:
            "Accept every staff row as it stands and seal it (accounts from an older Veil, or a checked restore).",
        discussion: "Check `veil users list` first: rows marked UNVERIFIED were changed outside `veil users`.")

    @Argument(help: "The profile (YAML).")
    var profile: String

    func run() throws {
        let count = try reportingErrors { try UsersSeal(profilePath: profile).execute() }
        say("sealed \(count) staff account\(count == 1 ? "" : "s")")
    }
}
