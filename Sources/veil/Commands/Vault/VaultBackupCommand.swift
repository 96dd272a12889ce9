import ArgumentParser
import VeilApp
import VeilPipeline

struct VaultBackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Write a consistent copy of the vault, still encrypted, to FILE (0600).")

    @Argument(help: "The profile (YAML).")
    var profile: String

    @Argument(help: "The backup file (a SQLite vault).")
    var file: String

    func run() throws {
        try reportingErrors { try VaultBackup(profilePath: profile, destination: file).execute() }
        say("vault backed up to \(file)")
    }
}
