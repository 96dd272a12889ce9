import ArgumentParser
import Foundation
import VeilApp
import VeilPipeline

struct UsersListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract:
            "List staff accounts: name, role, state, enrolment date; rows changed outside `veil users` are marked.")

    @Argument(help: "The profile (YAML).")
    var profile: String

    func run() throws {
        let listing = try reportingErrors { try UsersList(profilePath: profile).execute() }
        for (account, sealed) in listing.accounts {
            let locked = listing.locked.contains(account.name) ? ",locked" : ""
            let state = (account.isDisabled ? "disabled" : "active") + locked
            print("\(account.name) \(account.role) \(state) \(account.created)\(sealed ? "" : " UNVERIFIED")")
        }
        if let problem = listing.problem {
            FileHandle.standardError.write(Data("veil: warning: \(problem)\n".utf8))
        }
    }
}
