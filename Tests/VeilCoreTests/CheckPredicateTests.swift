import Testing

@testable import VeilCore

@Suite("CHECK predicates")
struct CheckPredicateTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var expression: String
        var column: String
        var admitted: [String]
        var refused: [String]
        var testDescription: String { expression }
    }

    static let cases: [Case] = [
        Case(
            expression: "(salary > (0)::numeric)", column: "salary", admitted: ["0.01", "5"], refused: ["0", "-3.5"]),
        Case(
            expression: "((year >= 1901) AND (year <= 2155))",
            column: "year", admitted: ["1901", "2155", "2000"], refused: ["1900", "2156"]),
        Case(
            expression: "(status = ANY (ARRAY['new'::text, 'paid'::text, 'it''s'::text]))", column: "status",
            admitted: ["new", "paid", "it's"], refused: ["shipped", "New"]),
        Case(expression: "status IN ('a', 'b')", column: "status", admitted: ["a"], refused: ["c"]),
        Case(
            expression: "(char_length((code)::text) <= 5)", column: "code", admitted: ["abcde", "ü"],
            refused: ["abcdef"]),
        Case(expression: "(email <> ''::text)", column: "email", admitted: ["x@y"], refused: [""]),
        Case(expression: "(0 < quantity)", column: "quantity", admitted: ["1"], refused: ["0"]),
        Case(expression: "rating BETWEEN -1 AND 5", column: "rating", admitted: ["-1", "5"], refused: ["-2", "6"]),
        Case(expression: "(\"Total\" >= 10.5)", column: "Total", admitted: ["10.5"], refused: ["10.4"]),
        Case(expression: "(x IS NOT NULL)", column: "x", admitted: ["anything"], refused: []),
    ]

    @Test("understood forms admit and refuse the right values", arguments: cases)
    func understoodForms(_ check: Case) throws {
        let predicate = try #require(CheckPredicate(check.expression, column: check.column))
        for value in check.admitted { #expect(predicate.admits(value) == true, "\(value)") }
        for value in check.refused { #expect(predicate.admits(value) == false, "\(value)") }
    }

    @Test(
        "other forms are not judged",
        arguments: [
            "((a > 0) OR (a < -5))", "(a ~ '^[0-9]+$'::text)", "(a > b)", "(lower(a) = a)", "(a > 0) AND",
        ])
    func unknownForms(_ expression: String) {
        #expect(CheckPredicate(expression, column: "a") == nil)
    }

    @Test("a text compared by order cannot be judged; numeric bounds are reported")
    func orderOnTextAndBounds() throws {
        let text = try #require(CheckPredicate("(d > '2000-01-01'::date)", column: "d"))
        #expect(text.admits("2001-01-01") == nil)
        let range = try #require(CheckPredicate("((n > 0) AND (n <= 100))", column: "n"))
        let bounds = range.numericBounds
        #expect(bounds.lower == 0 && !bounds.lowerInclusive && bounds.upper == 100 && bounds.upperInclusive)
    }
}
