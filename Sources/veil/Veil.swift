import ArgumentParser
import VeilCore

/// The `veil` command: developer-safe copies of production data.
@main
struct Veil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "veil",
        abstract: "Masked, format-preserving, join-keeping copies of production databases.",
        version: VeilVersion.current,
        subcommands: [
            RunCommand.self,
            VerifyCommand.self,
            RefreshCommand.self,
            SnapshotCommand.self,
            CheckCommand.self,
            ScanCommand.self,
            KeysCommand.self,
            VaultCommand.self,
            UsersCommand.self,
            AuditCommand.self,
            ManifestCommand.self,
            ServeCommand.self,
            LoginCommand.self,
            DetokenizeCommand.self,
            RulesCommand.self,
            DemoCommand.self,
            BenchCommand.self,
        ]
    )
}
