import ArgumentParser
import VeilApp
import VeilPipeline

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Make one masked copy of the profile's source.",
        discussion: "A PostgreSQL target is refreshed as `veil refresh` does it.")

    @Argument(help: "The profile (YAML).")
    var profile: String

    @OptionGroup var options: RunOptions

    func run() throws {
        try options.execute {
            try MaskingRun(request: options.request(profile: profile), progress: options.progress).execute()
        }
    }
}
