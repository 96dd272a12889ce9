import ArgumentParser
import VeilPipeline

struct UsersRoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role", abstract: "Give a staff account another role (effective at its next login).")

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
