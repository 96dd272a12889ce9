import ArgumentParser
import VeilApp
import VeilPipeline

struct UsersEnableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable", abstract: "Enable a disabled staff account: it may log in again.")

    @Argument(help: "The profile (YAML).")
    var profile: String

    @Argument(help: "The account name.")
    var name: String

    func run() throws {
        try reportingErrors { try UsersStateChange(profilePath: profile, name: name, .enable).execute() }
        say("enabled \(name)")
    }
}
