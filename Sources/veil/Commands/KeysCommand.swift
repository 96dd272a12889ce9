import ArgumentParser
import VeilPipeline

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the key store.", subcommands: [KeysInitCommand.self])
}

struct KeysInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the key store the profile names (a random data key under the profile's passphrase).")

    @Argument(help: "The profile (YAML).")
    var profile: String

    func run() throws {
        let store = try reportingErrors { try KeysInit(profilePath: profile).execute() }
        say("created key store \(store.path): data key \(store.current.id) version \(store.current.version)")
    }
}
