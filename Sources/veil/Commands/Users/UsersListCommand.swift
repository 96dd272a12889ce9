import ArgumentParser
import VeilPipeline

struct UsersListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List staff accounts: name, role, state, enrolment date.")

    @Argument(help: "The profile (YAML).")
    var profile: String

    func run() throws {
        for account in try reportingErrors({ try UsersList(profilePath: profile).execute() }) {
            print("\(account.name) \(account.role) \(account.isDisabled ? "disabled" : "active") \(account.created)")
        }
    }
}
