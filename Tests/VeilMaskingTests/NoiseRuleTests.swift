import Testing
import VeilCore

@testable import VeilMasking

@Suite("noise")
struct NoiseRuleTests {
    /// The value of a decimal text as a scaled integer at `scale` digits.
    static func scaled(_ text: String, scale: Int) throws -> Int {
        let number = try #require(DecimalText(text))
        let magnitude = Int(try #require(number.magnitude(atScale: scale)))
        return number.isNegative ? -magnitude : magnitude
    }

    @Test(
        "stays within percent (or one unit), keeps the sign and the scale, and moves every value",
        arguments: ["10", "2.5", "50"])
    func boundsSignAndScale(percent: String) throws {
        let inputs = Fixtures.distinct(4000, seed: 71) { random in
            let units = 1 + random.next(below: 50_000_000)
            let sign = random.chance(1, in: 3) ? "-" : ""
            return "\(sign)\(units / 100).\(String(units % 100 + 100).dropFirst())"
        }
        let outputs = try Fixtures.strings("noise", inputs, ["percent": .string(percent)])
        let limit = try #require(Double(percent)) / 100
        for (input, output) in zip(inputs, outputs) {
            let before = try Self.scaled(input, scale: 2)
            let after = try Self.scaled(output, scale: 2)
            #expect(output.split(separator: ".").last?.count == 2, "scale kept")
            #expect((after > 0) == (before > 0) && after != 0, "sign kept")
            #expect(Double(abs(after - before)) <= max(Double(abs(before)) * limit, 1) + 1e-9)
            #expect(after != before)
        }
    }

    @Test(
        "every finite value moves by at least one unit of its scale, never to zero or across it, for any key",
        arguments: [("integer", 0), ("numeric(10,2)", 2), ("double precision", 0), ("text", 0)])
    func everyFiniteValueMoves(type: String, columnScale: Int) throws {
        let small = ["0", "1", "-1", "2", "-2", "3", "4", "5", "9", "10", "-10", "11", "19", "99", "100", "1000"]
        let fractions = columnScale > 0 || type != "integer" ? ["0.01", "-0.01", "0.1", "0.00", "0.05", "1.5"] : []
        let inputs = small + fractions
        for seed in 0..<64 {
            let domain = "public.t.c\(seed)"
            let outputs = try Fixtures.strings("noise", inputs, domain: domain, type: type)
            #expect(outputs == (try Fixtures.strings("noise", inputs, domain: domain, type: type)), "deterministic")
            for (input, output) in zip(inputs, outputs) {
                let scale = max(try #require(DecimalText(input)).scale, columnScale)
                let before = try Self.scaled(input, scale: scale)
                let after = try Self.scaled(output, scale: scale)
                #expect(after != before, "\(type): \(input) moved (key \(seed))")
                #expect(abs(after - before) >= 1)
                #expect(after != 0, "\(type): \(input) → \(output) is not zero")
                #expect(before == 0 || (after > 0) == (before > 0), "\(type): \(input) → \(output) keeps its sign")
                #expect(abs(after - before) <= max(abs(before) / 10, 1), "\(type): \(input) → \(output)")
            }
        }
    }

    @Test("zero becomes one unit; a value of one unit becomes two")
    func smallestValues() throws {
        #expect(try Fixtures.strings("noise", ["0", "1", "-1"], type: "integer") == ["1", "2", "-2"])
        let cents = try Fixtures.strings("noise", ["0.00", "0.01", "-0.01"], type: "numeric(10,2)")
        #expect(cents == ["0.01", "0.02", "-0.02"])
        #expect(try Fixtures.strings("noise", ["0"], type: "numeric(10,2)") == ["0.01"])
    }

    @Test func integerColumnsGetIntegersWithinRange() throws {
        let inputs = ["2147483647", "-2147483648", "2147483000", "1", "10", "-10", "1000000"]
        for _ in 0..<3 {
            let outputs = try Fixtures.strings("noise", inputs, ["percent": .string("20")], type: "integer")
            for (input, output) in zip(inputs, outputs) {
                let value = try #require(Int32(output), "\(output) is an int4")
                let original = try #require(Int32(input))
                #expect((value > 0) == (original > 0))
                #expect(abs(Double(value) - Double(original)) <= max(abs(Double(original)) * 0.2, 1))
                #expect(value != original)
            }
        }
    }

    @Test func numericColumnsKeepPrecisionAndScale() throws {
        let inputs = ["9999.99", "-9999.99", "12", "0.50", "9990.00", "100.1"]
        let outputs = try Fixtures.strings("noise", inputs, ["percent": .string("5")], type: "numeric(6,2)")
        for (input, output) in zip(inputs, outputs) {
            #expect(output.split(separator: ".").last?.count == 2, "\(output) has scale 2")
            let value = try #require(Double(output))
            #expect(abs(value) <= 9999.99)
            #expect(value != (try #require(Double(input))))
        }
    }

    @Test(
        "NaN and the infinities pass unchanged, and the definition says so for the leak check",
        arguments: ["NaN", "Infinity", "-Infinity", "infinity", "-infinity"])
    func specialValuesPass(value: String) throws {
        for type in ["double precision", "numeric", "numeric(10,2)", "text"] {
            #expect(try Fixtures.strings("noise", [value], type: type) == [value])
        }
        let keepsUnchanged = try #require(NoiseRule.definition.keepsUnchanged)
        #expect(keepsUnchanged(value))
    }

    @Test("no finite number is declared a pass-through", arguments: ["0", "1", "-1", "0.00", "3", "1e5", "nan", "inf"])
    func finiteValuesAreNotPassThroughs(value: String) throws {
        let keepsUnchanged = try #require(NoiseRule.definition.keepsUnchanged)
        #expect(!keepsUnchanged(value))
    }

    @Test func exponentFormsMoveTheirDigits() throws {
        let output = try #require(try Fixtures.strings("noise", ["1.5e+20"], type: "double precision").first)
        #expect(output.hasSuffix("e+20"))
        #expect(output != "1.5e+20")
        let mantissa = try #require(Double(output.dropLast(4)))
        #expect(mantissa >= 1.35 && mantissa <= 1.65)
    }

    @Test func aByColumnMovesAnEntitysAmountsByTheSameFactor() throws {
        let amounts: [Field] = ["100.00", "200.00", "4000.00", "100.00"]
        let owners: [Field] = ["order-1", "order-1", "order-1", "order-2"]
        let outputs = try Fixtures.strings("noise", amounts.map { $0! }, ["by": .string("order_id")], related: [owners])
        let values = try outputs.map { try #require(Double($0)) }
        #expect(abs(values[1] - 2 * values[0]) <= 0.02)
        #expect(abs(values[2] - 40 * values[0]) <= 0.4)
        #expect(values[3] != values[0], "another entity draws another factor")
    }

    @Test(
        "numeric precision and scale are read from the declared type",
        arguments: [
            ("numeric(10,2)", 10, 2), ("NUMERIC(8)", 8, 0), ("pg_catalog.numeric(5, 5)", 5, 5),
            ("decimal(12,3)", 12, 3), ("numeric", nil, nil), ("integer", nil, nil), ("numeric(2,3)", nil, nil),
            ("varchar(10)", nil, nil),
        ])
    func numericPrecision(declared: String, precision: Int?, scale: Int?) {
        let parsed = NumericPrecision(declared)
        #expect(parsed?.precision == precision)
        #expect(parsed?.scale == scale)
    }

    @Test(arguments: ["0", "100", "-5", "ten", "1.2345"])
    func refusesBadPercentages(percent: String) {
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("noise", ["percent": .string(percent)])
        }
    }

    @Test(arguments: ["money", "boolean", "uuid"])
    func refusesColumnsThatCannotHoldItsNumbers(type: String) {
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("noise", type: type) }
    }

    @Test(arguments: ["12abc", "1,000", "1234567890123456789012"])
    func invalidValuesAreErrorsWithoutTheValue(value: String) {
        do {
            _ = try Fixtures.apply("noise", ["100", value])
            Issue.record("accepted an invalid value")
        } catch let error as MaskingError {
            #expect(error.rowIndex == 1)
            #expect(!reveals(error, value))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
