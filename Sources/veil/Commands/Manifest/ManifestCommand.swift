import ArgumentParser

struct ManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest", abstract: "Check the signed manifest a run writes beside its output.",
        subcommands: [ManifestVerifyCommand.self])
}
