@testable import VeilMasking

/// Sample inputs for json, scrub, generalize and noise, used by the catalogue contract tests.
enum StructuredSamples {
    /// `count` distinct inputs that suit `rule`, or `nil` when the rule is not one of this family's.
    static func samples(for rule: String, count: Int) -> [String]? {
        switch rule {
        case "generalize":
            // Never on a month boundary, so every sample generalizes to something else.
            return Fixtures.distinct(count, seed: 51) { random in
                let year = 1950 + random.next(below: 80)
                let month = 1 + random.next(below: 12)
                let day = 2 + random.next(below: 27)
                return CivilDate(year: year, month: month, day: day).isoText
            }
        case "noise":
            return Fixtures.distinct(count, seed: 52) { random in
                let units = 10_000 + random.next(below: 100_000_000)
                let sign = random.chance(1, in: 4) ? "-" : ""
                return "\(sign)\(units / 100).\(String(units % 100 + 100).dropFirst())"
            }
        case "json":
            return Fixtures.distinct(count, seed: 53) { random in
                let name = random.pick(WordLists.firstNames)
                return #"{"name":"\#(name)","age":\#(18 + random.next(below: 80)),"tags":["a",true,null]}"#
            }
        case "scrub":
            return Fixtures.distinct(count, seed: 54) { random in
                let name = random.pick(WordLists.firstNames).lowercased()
                let card = Fixtures.cardNumber(length: 16, prefix: "5", &random)
                return "Ticket \(random.next(below: 10_000)): \(name)\(random.next(below: 100))@mail.test "
                    + "paid with \(card), please call back."
            }
        default: return nil
        }
    }
}

extension CivilDate {
    /// `YYYY-MM-DD` for years 1000 to 9999.
    var isoText: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}
