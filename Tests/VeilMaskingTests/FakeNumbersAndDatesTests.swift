import Testing
import VeilCore

@testable import VeilMasking

@Suite("fake numbers and dates")
struct FakeNumbersAndDatesTests {
    static let inputs = (0..<2000).map { "value \($0)" }

    static func date(_ text: String) throws -> CivilDate {
        try #require(DateText(Array(text.utf8)).map(\.date))
    }

    @Test(
        "ages fall within min_age...max_age on as_of",
        arguments: [(18, 90, "2025-01-01"), (0, 0, "2024-02-29"), (30, 35, "2000-06-15"), (65, 100, "2030-12-31")])
    func birthDates(minimum: Int, maximum: Int, asOf: String) throws {
        let outputs = try Fixtures.strings(
            "fake.date_of_birth", Self.inputs,
            ["min_age": .integer(minimum), "max_age": .integer(maximum), "as_of": .string(asOf)])
        let reference = try Self.date(asOf)
        var ages = Set<Int>()
        for output in outputs {
            #expect(output.utf8.count == 10)
            let age = SyntheticTime.age(born: try Self.date(output), on: reference)
            #expect((minimum...maximum).contains(age), "\(output) is \(age) on \(asOf)")
            ages.insert(age)
        }
        #expect(ages == Set(minimum...maximum))
    }

    @Test func defaultBirthDatesAreAdultsOnTheFixedReferenceDate() throws {
        let outputs = try Fixtures.strings("fake.date_of_birth", Self.inputs)
        let reference = CivilDate(year: 2025, month: 1, day: 1)
        let ages = try outputs.map { SyntheticTime.age(born: try Self.date($0), on: reference) }
        #expect(ages.min()! == 18 && ages.max()! == 90)
    }

    @Test(
        "dates keep an ISO input's layout and replace only the date",
        arguments: ["1980-05-01 00:00:00+00", "1975-12-31T08:30:00Z", "1990-01-02"])
    func keepsTheLayout(input: String) throws {
        let output = try #require(try Fixtures.strings("fake.date_of_birth", [input]).first)
        #expect(output.utf8.count == input.utf8.count && output.dropFirst(10) == input.dropFirst(10))
        #expect(output.prefix(10) != input.prefix(10))
    }

    @Test func datesStayWithinTheirBounds() throws {
        let outputs = try Fixtures.strings(
            "fake.date", Self.inputs, ["from": .string("2020-02-28"), "to": .string("2020-03-01")])
        #expect(Set(outputs) == ["2020-02-28", "2020-02-29", "2020-03-01"])
        let defaults = try Fixtures.strings("fake.date", Self.inputs).map { try Self.date($0) }
        #expect(defaults.allSatisfy { (2000...2025).contains($0.year) })
    }

    @Test func dateTimesAreISOAndWithinBounds() throws {
        let from = "2024-12-31 23:59:00"
        let to = "2025-01-01T00:01"
        let outputs = try Fixtures.strings("fake.datetime", Self.inputs, ["from": .string(from), "to": .string(to)])
        let low = try #require(SyntheticTime.parseBound(from))
        let high = try #require(SyntheticTime.parseBound(to))
        for output in outputs {
            #expect(output.utf8.count == 19)
            let seconds = try #require(SyntheticTime.parseBound(output))
            #expect((low...high).contains(seconds))
            #expect(SyntheticTime.isoDateTime(seconds) == output)
        }
        #expect(Set(outputs).count > 100)
    }

    @Test func timesAreTimesOfDay() throws {
        let outputs = try Fixtures.strings("fake.time", Self.inputs)
        #expect(outputs.allSatisfy { $0.utf8.count == 8 && SyntheticTime.secondsOfDay(Array($0.utf8)) != nil })
        let short = try Fixtures.strings("fake.time", ["09:15", "23:59"])
        #expect(short.allSatisfy { $0.utf8.count == 5 && SyntheticTime.secondsOfDay(Array($0.utf8)) != nil })
    }

    @Test(
        "dates and times write their column types and refuse others",
        arguments: [
            ("fake.date_of_birth", "date", true), ("fake.date_of_birth", "timestamp without time zone", true),
            ("fake.date", "timestamp with time zone", true), ("fake.datetime", "timestamp(3) without time zone", true),
            ("fake.time", "time without time zone", true), ("fake.date", "integer", false),
            ("fake.datetime", "date", false), ("fake.time", "date", false), ("fake.date_of_birth", "boolean", false),
        ])
    func columnTypes(rule: String, type: String, accepted: Bool) {
        if accepted {
            #expect(throws: Never.self) { try Fixtures.transformer(rule, type: type) }
        } else {
            #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer(rule, type: type) }
        }
    }

    @Test(
        "date parameters that do not fit are refused",
        arguments: [
            ("fake.date_of_birth", ["min_age": ParameterValue.integer(50), "max_age": .integer(40)]),
            ("fake.date_of_birth", ["as_of": .string("01/01/2025")]),
            ("fake.date", ["from": .string("2025-01-01"), "to": .string("2024-01-01")]),
            ("fake.date", ["to": .string("2025-02-30")]),
            ("fake.datetime", ["from": .string("yesterday")]),
        ])
    func badDateParameters(rule: String, arguments: [String: ParameterValue]) {
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer(rule, arguments) }
    }

    @Test func integersStayInRangeAndFitTheColumn() throws {
        let outputs = try Fixtures.strings("fake.integer", Self.inputs, ["min": .integer(-5), "max": .integer(5)])
        #expect(Set(outputs.map { Int($0)! }) == Set(-5...5))
        let small = try Fixtures.strings("fake.integer", Self.inputs, type: "smallint")
        #expect(small.allSatisfy { (0...32767).contains(Int($0)!) })
        #expect(small.contains { Int($0)! > 30_000 })
        let numeric = try Fixtures.strings("fake.integer", Self.inputs, type: "numeric(4,1)")
        #expect(numeric.allSatisfy { (0...999).contains(Int($0)!) })
        let defaults = try Fixtures.strings("fake.integer", Self.inputs, type: "bigint")
        #expect(defaults.allSatisfy { (0...1_000_000).contains(Int($0)!) })
    }

    @Test func decimalsHaveTheScaleAndStayInRange() throws {
        let outputs = try Fixtures.strings(
            "fake.decimal", Self.inputs, ["min": .string("-1.5"), "max": .string("2.25")], type: "numeric(6,3)")
        for output in outputs {
            let parts = output.split(separator: ".")
            #expect(parts.count == 2 && parts[1].count == 3, "\(output)")
            let units = try #require(ScaledDecimal.scaled(output, scale: 3))
            #expect((-1500...2250).contains(units))
        }
        let defaults = try Fixtures.strings("fake.decimal", Self.inputs, type: "numeric(5,2)")
        #expect(defaults.allSatisfy { $0.split(separator: ".").last?.count == 2 })
        #expect(defaults.allSatisfy { (0...99_999).contains(ScaledDecimal.scaled($0, scale: 2)!) })
        #expect(defaults.contains { ScaledDecimal.scaled($0, scale: 2)! > 90_000 })
        let text = try Fixtures.strings("fake.decimal", Self.inputs, ["scale": .integer(0)])
        #expect(text.allSatisfy { !$0.contains(".") && (0...1000).contains(Int($0)!) })
    }

    @Test func numbersNeverEqualTheInputAsNumbers() throws {
        // With three possible values, every spelling of the input's number must still be avoided.
        let inputs = ["1.50", "1.5", "01.5", "2", "2.00", "1"]
        let outputs = try Fixtures.strings(
            "fake.decimal", inputs, ["min": .string("1"), "max": .string("2"), "scale": .integer(1)])
        for (input, output) in zip(inputs, outputs) {
            #expect(ScaledDecimal.canonical(input) != ScaledDecimal.canonical(output), "\(input) → \(output)")
        }
        let integers = try Fixtures.strings(
            "fake.integer", ["1.0", "2", "002"], ["min": .integer(1), "max": .integer(2)])
        #expect(integers == ["2", "1", "1"])
    }

    @Test(
        "number parameters that do not fit are refused",
        arguments: [
            ("fake.integer", ["min": ParameterValue.integer(5), "max": .integer(5)], "text"),
            ("fake.integer", ["max": .integer(40_000)], "smallint"),
            ("fake.integer", ["max": .integer(1000)], "numeric(4,2)"),
            ("fake.decimal", ["scale": .integer(3)], "numeric(10,2)"),
            ("fake.decimal", ["scale": .integer(2)], "integer"),
            ("fake.decimal", ["max": .string("12.345")], "numeric(10,2)"),
            ("fake.decimal", ["max": .string("1e5")], "text"),
            ("fake.decimal", ["max": .string("5000")], "numeric(5,2)"),
            ("fake.integer", [:], "date"),
        ])
    func badNumberParameters(rule: String, arguments: [String: ParameterValue], type: String) {
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer(rule, arguments, type: type) }
    }

    @Test func decimalColumnsAcceptScaleZeroOnIntegers() throws {
        let outputs = try Fixtures.strings("fake.decimal", Self.inputs, ["scale": .integer(0)], type: "integer")
        #expect(outputs.allSatisfy { Int($0) != nil })
    }

    @Test(
        "numeric precision and scale parsing",
        arguments: [
            ("numeric(10,2)", 10, 2), ("NUMERIC(5)", 5, 0), ("decimal(18, 4)", 18, 4),
            ("pg_catalog.numeric(3,3)", 3, 3),
        ])
    func precisionAndScale(declared: String, precision: Int, scale: Int) throws {
        let parsed = try #require(ColumnType.numericPrecisionScale(declared))
        #expect(parsed.precision == precision && parsed.scale == scale)
    }

    @Test func unconstrainedTypesHaveNoPrecision() {
        for declared in ["numeric", "integer", "text", "numeric(2,3)", "character varying(10)"] {
            #expect(ColumnType.numericPrecisionScale(declared) == nil, "\(declared)")
        }
    }

    @Test func choicesComeFromTheListAndNeverKeepAListedValue() throws {
        let values = ["bronze", "silver", "gold"]
        let outputs = try Fixtures.strings("fake.choice", Self.inputs + values, ["values": .list(values)])
        #expect(Set(outputs) == Set(values))
        #expect(Array(outputs.suffix(3)).enumerated().allSatisfy { $1 != values[$0] })
        // A listed value maps to each of the others about equally often across keys and domains.
        let fromGold = try (0..<300).map {
            try Fixtures.strings("fake.choice", ["gold"], ["values": .list(values)], domain: "d\($0)")[0]
        }
        #expect(Set(fromGold) == ["bronze", "silver"])
        let integers = try Fixtures.strings(
            "fake.choice", Self.inputs, ["values": .list(["1", "2", "3"])], type: "integer")
        #expect(Set(integers) == ["1", "2", "3"])
    }

    @Test(
        "choice lists that do not fit are refused",
        arguments: [
            (["only"], "text"), (["a", "a"], "text"), (["a", ""], "text"), (["short", "much longer"], "character(5)"),
        ])
    func badChoices(values: [String], type: String) {
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("fake.choice", ["values": .list(values)], type: type)
        }
    }

    @Test(
        "decimal text",
        arguments: [("12.50", 2, 1250), ("-0.5", 1, -5), ("+3", 0, 3), (".25", 2, 25), ("7.", 0, 7)])
    func decimalParsing(text: String, scale: Int, units: Int) {
        #expect(ScaledDecimal.scaled(text, scale: scale) == units)
        #expect(ScaledDecimal.scaled(ScaledDecimal.format(units, scale: scale), scale: scale) == units)
    }

    @Test func decimalFormattingAndCanonicalSpelling() {
        #expect(ScaledDecimal.format(5, scale: 2) == "0.05")
        #expect(ScaledDecimal.format(-1250, scale: 2) == "-12.50")
        #expect(ScaledDecimal.format(42, scale: 0) == "42")
        #expect(ScaledDecimal.canonical("-0.00") == "0")
        #expect(ScaledDecimal.canonical("0012.5000") == "12.5")
        #expect(ScaledDecimal.canonical("abc") == nil)
        #expect(ScaledDecimal.scaled("1.234", scale: 2) == nil)
        #expect(ScaledDecimal.scaled("99999999999999999999", scale: 0) == nil)
    }
}
