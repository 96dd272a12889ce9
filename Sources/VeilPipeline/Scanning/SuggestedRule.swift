/// A rule `veil scan` suggests for one column: the catalogue name, its arguments in the order they are written,
/// whether the run should watch for collisions (`unique: true`), and why a person should look at it (`review:`).
///
/// Only names, arguments and reasons: never a value of the column.
public struct SuggestedRule: Sendable, Hashable {
    /// A rule name of the catalogue (`keep`, `email`, `fake.first_name`...).
    public var name: String
    /// Arguments as (name, YAML text) pairs, written in this order.
    public var arguments: [Argument]
    /// `unique: true`: a lossy rule with a large output space on a unique key.
    public var unique: Bool
    /// Why the suggestion needs a person's confirmation; `nil` when name and values agree.
    public var review: String?

    public struct Argument: Sendable, Hashable {
        public var name: String
        public var value: String
        /// `value` is YAML already (the `json` rule's `paths:` map), written as it is.
        public var isYAML: Bool

        public init(_ name: String, _ value: String, isYAML: Bool = false) {
            self.name = name
            self.value = value
            self.isYAML = isYAML
        }
    }

    public init(_ name: String, arguments: [Argument] = [], unique: Bool = false, review: String? = nil) {
        self.name = name
        self.arguments = arguments
        self.unique = unique
        self.review = review
    }

    public static let keep = SuggestedRule("keep")

    /// `keep` with a reason to look.
    public static func keep(review: String) -> SuggestedRule { SuggestedRule("keep", review: review) }

    /// The value of argument `name`, if written.
    public func argument(_ name: String) -> String? {
        arguments.first { $0.name == name }?.value
    }

    /// The same rule, with `reason` as (or added to) its review marker.
    public func marked(_ reason: String) -> SuggestedRule {
        var copy = self
        copy.review = review.map { "\($0); \(reason)" } ?? reason
        return copy
    }
}
