import ArgumentParser
import VeilApp
import VeilPipeline

struct RefreshCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Refresh a PostgreSQL staging database with a masked copy, swapped in only when complete.",
        discussion: """
            The copy is built in a database beside the target (<target>__veil_next) and swapped in by renaming \
            both databases in one transaction; sessions on the target are disconnected at the swap. Two refreshes \
            of one target never run at once (exit 75). A killed refresh leaves the target as it was; the next one \
            removes what it left.
            """)

    @Argument(help: "The profile (YAML).")
    var profile: String

    @OptionGroup var options: RunOptions

    func run() throws {
        try options.execute {
            try StagingRefresh(request: options.request(profile: profile), progress: options.progress).execute()
        }
    }
}
