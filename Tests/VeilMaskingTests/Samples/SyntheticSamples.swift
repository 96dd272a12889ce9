@testable import VeilMasking

/// Sample inputs for the fake.* generators, used by the catalogue contract tests.
enum SyntheticSamples {
    /// `count` distinct inputs that suit `rule`, or `nil` when the rule is not one of this family's.
    static func samples(for rule: String, count: Int) -> [String]? {
        switch rule {
        case "fake.date_of_birth", "fake.date":
            return Fixtures.distinct(count, seed: 31) { random in
                SyntheticTime.isoDate(CivilDate(daysSinceEpoch: random.next(below: 30_000) - 15_000))
            }
        case "fake.datetime":
            return Fixtures.distinct(count, seed: 32) { random in
                SyntheticTime.isoDateTime(random.next(below: 1_700_000_000))
            }
        case "fake.time":
            return Fixtures.distinct(count, seed: 33) { random in SyntheticTime.isoTime(random.next(below: 86_400)) }
        case "fake.integer":
            return Fixtures.distinct(count, seed: 34) { random in String(random.next(below: 1_000_001)) }
        case "fake.decimal":
            return Fixtures.distinct(count, seed: 35) { random in
                ScaledDecimal.format(random.next(below: 100_001), scale: 2)
            }
        case "fake.choice":
            return Fixtures.distinct(count, seed: 36) { random in
                ["yes", "no", "maybe"][random.next(below: 3)] + Fixtures.digits(4, &random)
            }
        default: return nil
        }
    }
}
