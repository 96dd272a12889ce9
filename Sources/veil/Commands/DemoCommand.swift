import ArgumentParser
import VeilApp
import VeilConnectors
import VeilFiles
import VeilPipeline

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Mask the bundled shop dump (Fixtures/shop) with Profiles/shop.yaml.",
        discussion: "Creates a demo-only key store under .veil/demo on first use; no server needed.")

    @Option(help: "Write the masked dump here instead of the profile's target.")
    var out: String?

    func run() throws {
        TemporaryOutputs.removeOnTermination()
        let report = try reportingErrors { try Demo(target: out, progress: .automatic()).execute() }
        say("masked dump written to \(report.target)")
    }
}
