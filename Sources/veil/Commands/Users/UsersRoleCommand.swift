import ArgumentParser
import VeilApp
import VeilPipeline

struct UsersRoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role",
        abstract: "Give a staff account another role; its open sessions end at once (log in again for the new one).")

    @Argument(help: "The profile (YAML).")
    var profile: String

    @Argument(help: "The account name.")
    var name: String

    @Option(help: "The new role, as the access policy names it.")
    var role: String

    func run() throws {
        try reportingErrors { try UsersRole(profilePath: profile, name: name, role: role).execute() }
        say("\(name) now has role \(role)")
    }
}
