@testable import VeilMasking

/// Sample inputs for the fake.* generators, used by the catalogue contract tests.
enum SyntheticSamples {
    /// `count` distinct inputs that suit `rule`, or `nil` when the rule is not one of this family's.
    static func samples(for rule: String, count: Int) -> [String]? {
        switch rule {
        default: nil
        }
    }
}
