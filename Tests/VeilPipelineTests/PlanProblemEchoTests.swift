import Testing
import VeilCore
import VeilProfile

@testable import VeilPipeline

/// A name the profile gives and planning cannot use (an unknown rule, column or parameter) is repeated in the
/// problem cut to 64 characters and an ellipsis, its control characters escaped: a megabyte pasted by mistake
/// is neither printed in full nor compared letter by letter with every rule name.
@Suite("Plan problems repeat names cut")
struct PlanProblemEchoTests {
    @Test("a megabyte rule, column and parameter name are each cut to 64 characters, in seconds at most")
    func megabyteNamesAreCut() throws {
        let long = String(repeating: "r", count: 1 << 20)
        let clock = ContinuousClock()
        var error = PlanningError(problems: [])
        let elapsed = try clock.measure {
            error = try PlanBuilderTests.problems(
                PlanBuilderTests.header + """
                    tables:
                      customers:
                        columns:
                          id:
                            rule: "\(long)"
                          email:
                            rule: hmac
                            ? \(long)
                            : 1
                          ssn: keep
                          notes: keep
                          ? "\(long)"
                          : keep
                      orders: keep
                      payments: keep
                    """)
        }
        // A bound against quadratic blow-ups (a letter-by-letter comparison took minutes), generous for a loaded
        // machine; the speed itself is not what this test measures.
        #expect(elapsed < .seconds(60), "took \(elapsed)")
        let cut = String(repeating: "r", count: 64) + "…"
        let messages = error.problems.map(\.message)
        #expect(messages.filter { $0.contains(cut) }.count == 3, "\(messages.map { $0.prefix(200) })")
        #expect(messages.allSatisfy { $0.count < 400 })
    }

    @Test("control characters in an unknown rule name are escaped")
    func controlCharactersAreEscaped() throws {
        let error = try PlanBuilderTests.problems(
            PlanBuilderTests.header + """
                tables:
                  customers: { columns: { id: "hm\\eac", email: keep, ssn: keep, notes: keep } }
                  orders: keep
                  payments: keep
                """)
        let message = try #require(error.problems.first { $0.kind == .invalidRule }?.message)
        #expect(message.contains("unknown rule `hm\\u{1B}ac`"), "\(message)")
        #expect(!message.contains("\u{1B}"))
    }
}
