import ArgumentParser

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage the staff accounts that may detokenize.",
        subcommands: [
            UsersAddCommand.self, UsersListCommand.self, UsersDisableCommand.self, UsersEnableCommand.self,
            UsersRoleCommand.self, UsersSealCommand.self,
        ])
}
