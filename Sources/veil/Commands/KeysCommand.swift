import ArgumentParser

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the key store.",
        subcommands: [
            KeysInitCommand.self, KeysListCommand.self, KeysRotateCommand.self, KeysRewrapCommand.self,
            KeysRetireCommand.self,
        ])
}
