import Foundation
import VeilMasking
import VeilPipeline

/// `veil rules`: the rule catalogue as text for a terminal or as the Markdown table the README embeds.
///
/// The README's table is this output verbatim (a test compares them), so the catalogue and its
/// documentation cannot drift apart.
public struct RuleCatalogue {
    public let rules: [RuleDefinition]

    public init(rules: [RuleDefinition] = BuiltinRules.all) {
        self.rules = rules
    }

    /// One line per rule (name, summary, traits), then one indented line per parameter.
    public func text() -> String {
        var lines: [String] = []
        for rule in rules {
            lines.append("\(rule.name) — \(rule.summary) [\(traits(of: rule).joined(separator: ", "))]")
            for parameter in rule.parameters {
                let fallback = parameter.defaultValue.map { " (default: \($0))" } ?? ""
                lines.append("    \(parameter.name): \(parameter.summary)\(fallback)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Markdown table: rule, what it does, parameters with defaults, keyed, reversible, keeps uniqueness.
    public func markdown() -> String {
        var lines = [
            "| rule | does | parameters (default) | keyed | reversible | keeps uniqueness |",
            "|---|---|---|---|---|---|",
        ]
        for rule in rules {
            let parameters =
                rule.parameters.isEmpty
                ? "–"
                : rule.parameters.map { parameter in
                    "`\(parameter.name)`" + (parameter.defaultValue.map { " (\(cell($0.description)))" } ?? "")
                }.joined(separator: ", ")
            let copies = rule.name == KeepRule.definition.name
            let cells = [
                "`\(rule.name)`", cell(rule.summary), parameters, rule.isKeyed ? "yes" : "no",
                copies ? "–" : rule.isReversible ? "yes" : "no", rule.isBijective ? "yes" : "no",
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func traits(of rule: RuleDefinition) -> [String] {
        var traits = [rule.isKeyed ? "keyed" : "unkeyed"]
        guard rule.name != KeepRule.definition.name else { return traits + ["copies the value"] }
        traits.append(rule.isReversible ? "reversible" : "one-way")
        if rule.isBijective { traits.append("keeps uniqueness") }
        return traits
    }

    /// Text safe inside a Markdown table cell.
    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
