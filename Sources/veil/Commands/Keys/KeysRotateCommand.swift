import ArgumentParser
import VeilApp
import VeilPipeline

struct KeysRotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Add a new data key version for new tokens; older versions still decrypt.")

    @Argument(help: "The profile (YAML).")
    var profile: String

    func run() throws {
        let store = try reportingErrors { try KeysRotate(profilePath: profile).execute() }
        say("key store \(store.path): data key \(store.current.id) version \(store.current.version) is now current")
    }
}
