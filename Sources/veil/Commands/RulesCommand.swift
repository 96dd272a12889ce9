import ArgumentParser
import VeilMasking

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List the rule catalogue.")

    func run() {
        for rule in BuiltinRules.all {
            var traits: [String] = []
            traits.append(rule.isKeyed ? "keyed" : "unkeyed")
            if rule.isReversible { traits.append("reversible") }
            if rule.isBijective { traits.append("keeps uniqueness") }
            say("\(rule.name) — \(rule.summary) [\(traits.joined(separator: ", "))]")
            for parameter in rule.parameters {
                let fallback = parameter.defaultValue.map { " (default: \($0))" } ?? ""
                say("    \(parameter.name): \(parameter.summary)\(fallback)")
            }
        }
    }
}
