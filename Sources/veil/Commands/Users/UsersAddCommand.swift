import ArgumentParser
import VeilApp
import VeilPipeline

struct UsersAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Enrol a member of staff: prints the API key once and a TOTP enrolment URI for an authenticator app.")

    @Argument(help: "The profile (YAML); accounts live in its vault.")
    var profile: String

    @Argument(help: "The account name (a-z, 0-9, '.', '_', '-').")
    var name: String

    @Option(help: "The role, as the access policy names it.")
    var role: String

    func run() throws {
        let enrolment = try reportingErrors { try UsersAdd(profilePath: profile, name: name, role: role).execute() }
        print("api-key: \(enrolment.apiKey.reveal())")
        print("totp: \(enrolment.totpURI)")
        say("store the API key now: only its hash is kept")
    }
}
