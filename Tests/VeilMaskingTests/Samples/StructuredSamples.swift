@testable import VeilMasking

/// Sample inputs for json, scrub, generalize and noise, used by the catalogue contract tests.
enum StructuredSamples {
    /// `count` distinct inputs that suit `rule`, or `nil` when the rule is not one of this family's.
    static func samples(for rule: String, count: Int) -> [String]? {
        switch rule {
        default: nil
        }
    }
}
