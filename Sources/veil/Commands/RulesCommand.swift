import ArgumentParser
import VeilApp
import VeilPipeline

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List the rule catalogue: name, summary, parameters, reversible or not.")

    @Flag(help: "Print a Markdown table (the README's rule table).")
    var markdown = false

    func run() {
        let catalogue = RuleCatalogue()
        print(markdown ? catalogue.markdown() : catalogue.text(), terminator: "")
    }
}
