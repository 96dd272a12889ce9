import ArgumentParser
import VeilApp
import VeilPipeline

struct KeysRewrapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrap",
        abstract: "Wrap every key under a new passphrase or key command; keys and tokens stay the same.",
        discussion: "Then point the profile's `passphrase:` (or `kek:`) at the new secret.")

    @Argument(help: "The profile (YAML); its current secret opens the store.")
    var profile: String

    @Option(help: "The new passphrase: env:NAME, file:PATH or command:CMD.")
    var newPassphrase: String?

    @Option(help: "The new 32-byte key-encryption key (64 hex digits or base64): env:NAME, file:PATH or command:CMD.")
    var newKek: String?

    func run() throws {
        let store = try reportingErrors {
            try KeysRewrap(profilePath: profile, newPassphrase: newPassphrase, newKEK: newKek).execute()
        }
        say(
            "key store \(store.path): \(store.dataKeys.count + store.purposeKeys.count) keys wrapped under the new secret"
        )
    }
}
