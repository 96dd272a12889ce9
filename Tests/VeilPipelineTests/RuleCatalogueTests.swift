import Foundation
import Testing
import VeilMasking

@testable import VeilApp
@testable import VeilPipeline

@Suite("veil rules")
struct RuleCatalogueTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    @Test("the README's rule table is exactly `veil rules --markdown`")
    func readmeTableMatchesTheCatalogue() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- rules:begin -->\n"))
        let end = try #require(text.range(of: "<!-- rules:end -->", range: begin.upperBound..<text.endIndex))
        let embedded = String(text[begin.upperBound..<end.lowerBound])
        #expect(
            embedded == RuleCatalogue().markdown(),
            "regenerate it: swift run veil rules --markdown, between the rules:begin/end markers")
    }

    @Test("every rule appears once in each listing, with its traits and parameters")
    func listingsNameEveryRule() {
        let catalogue = RuleCatalogue()
        let text = catalogue.text()
        let markdown = catalogue.markdown()
        let ruleLines = text.split(separator: "\n").filter { !$0.hasPrefix(" ") }
        #expect(ruleLines.count == BuiltinRules.all.count)
        #expect(markdown.split(separator: "\n").count == BuiltinRules.all.count + 2)
        for rule in BuiltinRules.all {
            let line = ruleLines.first { $0.hasPrefix("\(rule.name) — ") }
            let trait = rule.name == "keep" ? "copies the value" : rule.isReversible ? "reversible" : "one-way"
            #expect(line?.contains(trait) == true, "\(rule.name)")
            #expect(markdown.contains("| `\(rule.name)` |"))
            for parameter in rule.parameters {
                #expect(text.contains("    \(parameter.name): "), "\(rule.name).\(parameter.name)")
            }
        }
    }
}
