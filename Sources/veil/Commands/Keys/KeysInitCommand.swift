import ArgumentParser
import VeilApp
import VeilPipeline

struct KeysInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the key store the profile names (random keys under the profile's passphrase or `kek:`).")

    @Argument(help: "The profile (YAML).")
    var profile: String

    func run() throws {
        let store = try reportingErrors { try KeysInit(profilePath: profile).execute() }
        say("created key store \(store.path): data key \(store.current.id) version \(store.current.version)")
    }
}
