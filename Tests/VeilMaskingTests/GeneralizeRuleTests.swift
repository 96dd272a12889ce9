import Testing
import VeilCore

@testable import VeilMasking

@Suite("generalize")
struct GeneralizeRuleTests {
    @Test(
        "dates and timestamps go to the start of their month or year, keeping their text form",
        arguments: [
            ("2022-02-15", "month", "2022-02-01"),
            ("2022-02-15", "year", "2022-01-01"),
            ("2022-02-01", "month", "2022-02-01"),
            ("2022-02-15 10:30:00", "month", "2022-02-01 00:00:00"),
            ("2022-02-15 10:30:00.123+02", "month", "2022-02-01 00:00:00.000+02"),
            ("2022-12-31 23:59:59-05:30", "year", "2022-01-01 00:00:00-05:30"),
            ("2022-02-15T10:30:00Z", "month", "2022-02-01T00:00:00Z"),
            ("0044-03-15 BC", "year", "0044-01-01 BC"),
            ("12022-07-04", "month", "12022-07-01"),
            ("infinity", "month", "infinity"),
        ])
    func dates(input: String, to: String, expected: String) throws {
        #expect(try Fixtures.strings("generalize", [input], ["to": .string(to)]) == [expected])
    }

    @Test(
        "numbers go to their bucket boundary towards zero, keeping their scale",
        arguments: [
            ("37", "10", "30"), ("-37", "10", "-30"), ("30", "10", "30"), ("5", "10", "0"), ("-5", "10", "0"),
            ("99", "25", "75"), ("123456", "1000", "123000"), ("3.74", "0.5", "3.50"), ("-3.74", "0.5", "-3.50"),
            ("12.345", "1000", "0.000"), ("7", "0.25", "7.00"), ("+41", "10", "+40"), ("0.0", "10", "0.0"),
            ("12.30", "0.50", "12.00"),
        ])
    func numbers(input: String, bucket: String, expected: String) throws {
        #expect(try Fixtures.strings("generalize", [input], ["bucket": .string(bucket)]) == [expected])
    }

    @Test func integerBucketsHoldOverThousandsOfValues() throws {
        var random = Fixtures.random(61)
        let inputs = (0..<5000).map { _ in
            String(random.next(below: 4_294_967_296) - 2_147_483_648)
        }
        let outputs = try Fixtures.strings("generalize", inputs, ["bucket": .string("1000")], type: "integer")
        for (input, output) in zip(inputs, outputs) {
            let value = try #require(Int(input))
            let bucketed = try #require(Int(output))
            #expect(bucketed % 1000 == 0)
            #expect(abs(bucketed) <= abs(value) && abs(value) - abs(bucketed) < 1000)
            #expect(bucketed == 0 || (bucketed < 0) == (value < 0))
            #expect(Int32(exactly: bucketed) != nil)
        }
        // Generalizing twice changes nothing more.
        #expect(try Fixtures.strings("generalize", outputs, ["bucket": .string("1000")], type: "integer") == outputs)
    }

    @Test func datesKeepYearAndMonthOverThousandsOfValues() throws {
        var random = Fixtures.random(62)
        let dates = (0..<3000).map { _ in CivilDate(daysSinceEpoch: random.next(below: 60_000) - 20_000) }
        let inputs = dates.map { DateText(Array("2000-01-01 08:15:00+01".utf8))!.formatted(with: $0) }
        for to in ["month", "year"] {
            let outputs = try Fixtures.strings("generalize", inputs, ["to": .string(to)])
            for (date, output) in zip(dates, outputs) {
                let parsed = try #require(DateText(Array(output.utf8)))
                #expect(parsed.date.year == date.year)
                #expect(parsed.date.month == (to == "month" ? date.month : 1))
                #expect(parsed.date.day == 1)
                #expect(output.hasSuffix(" 00:00:00+01"))
            }
        }
    }

    @Test(
        "refuses buckets that are not positive numbers or do not fit the column",
        arguments: [
            ("0", "text"), ("-10", "text"), ("ten", "text"), ("1e3", "text"), ("0.5", "integer"),
            ("0.05", "numeric(10,1)"),
        ])
    func refusesBadBuckets(bucket: String, type: String) {
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("generalize", ["bucket": .string(bucket)], type: type)
        }
    }

    @Test(arguments: ["secret-42", "12,5", "1e5", "2022-13-01", "123456789012345678901"])
    func invalidValuesAreErrorsWithoutTheValue(value: String) {
        do {
            _ = try Fixtures.apply("generalize", ["2022-01-05", value])
            Issue.record("accepted an invalid value")
        } catch let error as MaskingError {
            #expect(error.rowIndex == 1)
            #expect(!reveals(error, value))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
