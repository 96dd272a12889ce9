import ArgumentParser
import VeilApp
import VeilPipeline

struct KeysRetireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract: "Refuse decryption with data keys below a version (their tokens can no longer be reversed).")

    @Argument(help: "The profile (YAML).")
    var profile: String

    @Option(help: "The lowest data key version that still decrypts.")
    var below: Int

    func run() throws {
        let store = try reportingErrors { try KeysRetire(profilePath: profile, minimumVersion: below).execute() }
        say("key store \(store.path): versions below \(store.minimumDecryptionVersion) no longer decrypt")
    }
}
