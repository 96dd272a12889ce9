import ArgumentParser
import VeilApp
import VeilPipeline

struct UsersDisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Disable a staff account: it can no longer log in, and its open sessions end on every server.")

    @Argument(help: "The profile (YAML).")
    var profile: String

    @Argument(help: "The account name.")
    var name: String

    func run() throws {
        try reportingErrors { try UsersStateChange(profilePath: profile, name: name, .disable).execute() }
        say("disabled \(name)")
    }
}
