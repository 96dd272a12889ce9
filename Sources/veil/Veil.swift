import ArgumentParser

/// The `veil` command: developer-safe copies of production data.
@main
struct Veil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "veil",
        abstract: "Masked, format-preserving, join-keeping copies of production databases.",
        version: "0.1.0",
        subcommands: [
            RunCommand.self,
            VerifyCommand.self,
            RefreshCommand.self,
            CheckCommand.self,
            KeysCommand.self,
            VaultCommand.self,
            UsersCommand.self,
            AuditCommand.self,
            ServeCommand.self,
            LoginCommand.self,
            DetokenizeCommand.self,
            RulesCommand.self,
            DemoCommand.self,
            BenchCommand.self,
        ]
    )
}
