import ArgumentParser
import VeilApp
import VeilPipeline

struct KeysListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the store's keys: purpose, version, id, creation date (never key bytes).")

    @Argument(help: "The profile (YAML).")
    var profile: String

    func run() throws {
        for line in try reportingErrors({ try KeysList(profilePath: profile).execute() }) { print(line) }
    }
}
