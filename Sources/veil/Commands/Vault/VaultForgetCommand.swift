import ArgumentParser
import VeilApp
import VeilPipeline

struct VaultForgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Erase the mappings of originals read from standard input (one per line) in one domain.",
        discussion: "Their tokens can never be reversed again. The erasure is audited (counts, never values).")

    @Argument(help: "The profile (YAML).")
    var profile: String

    @Option(help: "The domain the originals were tokenized in (e.g. person.email).")
    var domain: String

    func run() throws {
        var originals: [String] = []
        while let line = readLine(strippingNewline: true) {
            if !line.isEmpty { originals.append(line) }
        }
        let erased = try reportingErrors {
            try VaultForget(profilePath: profile, domain: domain, originals: originals).execute()
        }
        say("erased \(erased) of \(originals.count) mappings in domain \(domain)")
    }
}
