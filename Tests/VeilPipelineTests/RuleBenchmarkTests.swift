import Testing
import VeilMasking

@testable import VeilApp

/// `veil bench`'s rule section measures every rule the speed targets name, on inputs of each rule's own format.
@Suite("rule benchmarks")
struct RuleBenchmarkTests {
    @Test("every targeted rule is measured, with its target, and every fake.* rule among them")
    func everyTargetedRuleIsThere() {
        let targeted = Dictionary(
            RuleBenchmarks.cases.filter { $0.target != nil }.map { ($0.rule, $0.target!) },
            uniquingKeysWith: { first, _ in first })
        for (rule, target) in [
            ("hmac", 4e6), ("fpe", 2.5e6), ("card", 2.5e6), ("ssn", 2.5e6), ("phone", 2.5e6), ("email", 1.5e6),
            ("iban", 1.5e6), ("ip", 1.5e6), ("uuid", 1.5e6), ("scrub", 150),
        ] {
            #expect(targeted[rule] == target, "\(rule)")
        }
        let fakes = BuiltinRules.all.map(\.name).filter { $0.hasPrefix("fake.") }
        #expect(fakes.count > 20)
        for fake in fakes { #expect(targeted[fake] == 4e6, "\(fake)") }
        let scrubs = RuleBenchmarks.cases.filter { $0.rule == "scrub" }
        #expect(scrubs.count == 2 && scrubs.allSatisfy(\.perByte))
    }

    @Test("only the rules asked for run, each of their cases")
    func onlyTheRulesAskedFor() {
        var names: [String] = []
        RuleBenchmarks.run(values: 4096, rounds: 1, only: ["scrub", "card"]) { names.append($0.name) }
        #expect(names.count == 3)
        #expect(names.filter { $0.hasPrefix("rule scrub") }.count == 2 && names.contains { $0.hasPrefix("rule card") })
    }

    @Test("each case's inputs have the rule's format, and every case runs")
    func inputsAndRuns() throws {
        for seed in [0, 1, 77, 123_456] {
            let card = RuleBenchmarks.luhnCard(seed)
            #expect(card.count == 16 && Self.luhnValid(card), "\(card)")
            #expect(RuleBenchmarks.ssn(seed).wholeMatch(of: /[0-6][0-9]{2}-[0-9]{2}-[0-9]{4}/) != nil)
            #expect(
                RuleBenchmarks.uuid(seed).wholeMatch(
                    of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}/) != nil)
        }
        var results: [BenchmarkResult] = []
        RuleBenchmarks.run(values: 4096, rounds: 1) { results.append($0) }
        #expect(results.count == RuleBenchmarks.cases.count)
        for result in results { #expect(result.value > 0, "\(result.name)") }
    }

    private static func luhnValid(_ number: String) -> Bool {
        var sum = 0
        for (offset, character) in number.reversed().enumerated() {
            var digit = character.wholeNumberValue!
            if offset % 2 == 1 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return sum % 10 == 0
    }
}
