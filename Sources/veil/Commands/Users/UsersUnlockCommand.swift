import ArgumentParser
import VeilApp
import VeilPipeline

struct UsersUnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Unlock a staff account locked after too many wrong TOTP codes (on every server of the vault).")

    @Argument(help: "The profile (YAML).")
    var profile: String

    @Argument(help: "The account name.")
    var name: String

    func run() throws {
        try reportingErrors { try UsersStateChange(profilePath: profile, name: name, .unlock).execute() }
        say("unlocked \(name)")
    }
}
