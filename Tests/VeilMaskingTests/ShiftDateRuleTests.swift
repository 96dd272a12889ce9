import Testing
import VeilCore

@testable import VeilMasking

@Suite("shift_date")
struct ShiftDateRuleTests {
    /// Days between two ISO texts' dates.
    static func days(_ from: String, _ to: String) throws -> Int {
        let a = try #require(DateText(Array(from.utf8)))
        let b = try #require(DateText(Array(to.utf8)))
        return b.date.daysSinceEpoch - a.date.daysSinceEpoch
    }

    @Test(
        "keeps the text form; only the date moves",
        arguments: [
            ("2022-02-15", ""),
            ("2022-02-15 10:30:00", " 10:30:00"),
            ("2022-02-15 10:30:00.123+00", " 10:30:00.123+00"),
            ("2022-02-15T10:30:00Z", "T10:30:00Z"),
            ("1999-12-31 23:59:59.999999-05:30", " 23:59:59.999999-05:30"),
            ("2020-02-29", ""),
            ("12345-06-07", ""),
        ])
    func formats(input: String, rest: String) throws {
        let output = try #require(try Fixtures.apply("shift_date", [input])[0])
        #expect(output.hasSuffix(rest))
        #expect(output.utf8.count == input.utf8.count)
        let shift = try Self.days(input, output)
        #expect(shift != 0 && abs(shift) <= 180)
    }

    @Test func shiftsStayWithinMaxDaysAndNeverZero() throws {
        for maxDays in [1, 7, 180, 3650] {
            let inputs = Fixtures.distinct(2000, seed: UInt64(maxDays)) { random in
                let date = CivilDate(daysSinceEpoch: random.next(below: 73_000) - 25_000)
                return DateText(Array("2000-01-01".utf8))!.formatted(with: date)
            }
            let outputs = try Fixtures.strings("shift_date", inputs, ["max_days": .integer(maxDays)])
            var seen = Set<Int>()
            for (input, output) in zip(inputs, outputs) {
                let shift = try Self.days(input, output)
                #expect(shift != 0 && abs(shift) <= maxDays)
                seen.insert(shift)
            }
            // Shifts cover the range: every value for small ranges, most of it for large ones.
            #expect(seen.count >= (maxDays <= 7 ? 2 * maxDays : min(2 * maxDays * 9 / 10, 1000)))
        }
    }

    @Test func byMovesAllDatesOfAnEntityTogether() throws {
        let ids: [Field] = ["42", "42", "7", "42", nil]
        let births: [Field] = ["1980-05-01", "1990-01-01", "1980-05-01", "2001-09-11 08:46:00+00", "1970-01-01"]
        let signups: [Field] = ["2021-03-04 10:00:00", "2022-12-31", "2021-03-04 10:00:00", "2023-06-30", "1999-01-01"]
        let arguments: [String: ParameterValue] = ["by": .string("id")]
        let domain = "public.customers.id"
        let movedBirths = try Fixtures.apply("shift_date", births, arguments, domain: domain, related: [ids])
        let movedSignups = try Fixtures.apply("shift_date", signups, arguments, domain: domain, related: [ids])
        var shiftsOf42: Set<Int> = []
        for row in [0, 1, 3] {
            shiftsOf42.insert(try Self.days(births[row]!, movedBirths[row]!))
            shiftsOf42.insert(try Self.days(signups[row]!, movedSignups[row]!))
        }
        #expect(shiftsOf42.count == 1)
        // Another entity with the same dates moves differently (the seed is the id, not the date).
        #expect(movedBirths[2] != movedBirths[0])
        // A NULL id falls back to seeding from the date; it is still shifted.
        #expect(movedBirths[4] != births[4])
        let transformer = try Fixtures.transformer("shift_date", arguments)
        #expect(transformer.relatedColumns == ["id"])
        #expect(try Fixtures.transformer("shift_date").relatedColumns.isEmpty)
    }

    @Test func missingByColumnValuesAreAnError() throws {
        #expect(throws: MaskingError.self) {
            try Fixtures.apply("shift_date", ["2020-01-01"], ["by": .string("id")], related: [])
        }
    }

    @Test(
        "invalid dates are errors that never name the value",
        arguments: [
            "2022-02-30", "2021-02-29", "15/02/2022", "2022-13-01", "22-02-15", "2022-2-15", "someday",
            "2022-02-15x", "0000-01-01 BC",
        ])
    func invalid(value: String) throws {
        let error = try #require(throws: MaskingError.self) {
            try Fixtures.apply("shift_date", ["2020-01-01", value])
        }
        #expect(error.rowIndex == 1)
        #expect(!reveals(error, value))
    }

    @Test func numericColumnsAreRefused() {
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("shift_date", type: "bigint") }
    }

    @Test("infinity and -infinity stay, and the definition says so for the leak check")
    func infinityStays() throws {
        #expect(try Fixtures.apply("shift_date", ["infinity", "-infinity"]) == ["infinity", "-infinity"])
        let keepsUnchanged = try #require(ShiftDateRule.definition.keepsUnchanged)
        #expect(keepsUnchanged("infinity") && keepsUnchanged("-infinity"))
        for date in ["2024-01-01", "1970-01-01 00:00:00", "Infinity", "epoch", ""] { #expect(!keepsUnchanged(date)) }
    }

    @Test(
        "every date moves by one day or more, within max_days, the same way every time, under any key",
        arguments: [1, 2, 180])
    func everyDateMoves(maxDays: Int) throws {
        let inputs = [
            "1970-01-01", "2000-02-29", "2024-12-31", "0001-01-01", "0001-01-01 BC", "9999-12-31", "12345-06-07",
            "2022-02-15 10:30:00", "2022-02-15T10:30:00Z", "1999-12-31 23:59:59.999999-05:30",
        ]
        let ids: [Field] = ["1", nil, "1", "2", "3", nil, "4", "5", "5", "6"]
        for seed in 0..<64 {
            for related in [[], [ids]] {
                var arguments: [String: ParameterValue] = ["max_days": .integer(maxDays)]
                if !related.isEmpty { arguments["by"] = .string("id") }
                let domain = "public.t.d\(seed)"
                let outputs = try Fixtures.strings("shift_date", inputs, arguments, domain: domain, related: related)
                let again = try Fixtures.strings("shift_date", inputs, arguments, domain: domain, related: related)
                #expect(outputs == again, "deterministic")
                for (input, output) in zip(inputs, outputs) {
                    let shift = try Self.days(input, output)
                    #expect(output != input)
                    #expect(shift != 0 && abs(shift) <= maxDays, "\(input) → \(output)")
                }
            }
        }
    }

    @Test func bcDatesCrossTheEraCorrectly() throws {
        // 0001-01-05 and 0001-12-28 BC are 8 days apart (1 BC is a leap year in the proleptic calendar).
        let text = try #require(DateText(Array("0001-01-05".utf8)))
        #expect(text.formatted(with: text.date.adding(days: -8)) == "0001-12-28 BC")
        let bc = try #require(DateText(Array("0044-03-15 10:00:00 BC".utf8)))
        #expect(bc.date.year == -43)
        #expect(bc.formatted(with: bc.date.adding(days: 1)) == "0044-03-16 10:00:00 BC")
        let output = try #require(try Fixtures.apply("shift_date", ["0044-03-15 BC"])[0])
        #expect(output.hasSuffix(" BC"))
    }

    @Test func civilDateRoundTripsEveryDayOverFiveCenturies() {
        var previous = CivilDate(daysSinceEpoch: -200_000)
        var failures = 0
        for day in -199_999...(-200_000 + 183_000) {
            let date = CivilDate(daysSinceEpoch: day)
            let consecutive =
                (date.year == previous.year && date.month == previous.month && date.day == previous.day + 1)
                || (date.day == 1 && (date.month == previous.month + 1 || (date.month == 1 && previous.month == 12)))
            if date.daysSinceEpoch != day || !consecutive
                || !CivilDate.isValid(year: date.year, month: date.month, day: date.day)
            {
                failures += 1
            }
            previous = date
        }
        #expect(failures == 0)
        #expect(CivilDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
        #expect(CivilDate(year: 2000, month: 3, day: 1).daysSinceEpoch == 11_017)
    }
}
