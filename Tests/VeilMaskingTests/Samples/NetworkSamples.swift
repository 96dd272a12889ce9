@testable import VeilMasking

/// Sample inputs for email, phone, ipv4, ipv6 and their fake.* counterparts, used by the catalogue contract tests.
enum NetworkSamples {
    /// `count` distinct inputs that suit `rule`, or `nil` when the rule is not one of this family's.
    static func samples(for rule: String, count: Int) -> [String]? {
        switch rule {
        default: nil
        }
    }
}
