import ArgumentParser

struct VaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault", abstract: "Back up the token vault, or erase mappings on request.",
        subcommands: [VaultBackupCommand.self, VaultForgetCommand.self])
}
