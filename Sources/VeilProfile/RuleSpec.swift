/// A column's masking rule as the profile writes it, with where each part was written.
///
/// Two spellings give the same spec:
/// ```yaml
/// first_name: fake.first_name                 # shorthand: the rule name alone
/// email: { rule: fake.email, unique: true }   # map: `rule:` plus arguments
/// notes: null                                 # the rule named "null" (YAML's null scalar)
/// ```
/// `domain:`, `unique:` and `review:` are lifted out of the arguments; everything else stays in ``arguments``
/// untouched. The profile does not know the rule catalogue: rule names and argument names are checked
/// later against it, using ``location`` and ``argumentLocations`` so those errors are `file:line:column` too.
public struct RuleSpec: Sendable, Hashable {
    /// The rule's name as written (`keep`, `null`, `fpe`, `fake.email`...).
    public var name: String
    /// Every argument except `rule`, `domain`, `unique` and `review`, by name.
    public var arguments: [String: ProfileValue]
    /// Where each argument's key was written.
    public var argumentLocations: [String: SourceLocation]
    /// The explicit `domain:`, if any; the default (`schema.table.column`, or the referenced column's)
    /// is decided by the masking plan.
    public var domain: String?
    /// `unique: true` was written.
    public var unique: Bool
    /// `review: "reason"`: a suggestion (`veil scan`) still to be confirmed by a person. `veil check` lists it;
    /// `veil run`, `refresh` and `snapshot` refuse while any remains. Removing the key confirms the rule.
    public var review: String?
    /// Where the rule's name was written.
    public var location: SourceLocation
    /// For a rule with a `paths:` map (the `json` rule): each path's own rule, with its own locations.
    /// The raw map is also in ``arguments`` under `paths`.
    public var nestedRules: [String: RuleSpec]

    public init(
        name: String, arguments: [String: ProfileValue] = [:], argumentLocations: [String: SourceLocation] = [:],
        domain: String? = nil, unique: Bool = false, location: SourceLocation, nestedRules: [String: RuleSpec] = [:],
        review: String? = nil
    ) {
        self.name = name
        self.arguments = arguments
        self.argumentLocations = argumentLocations
        self.domain = domain
        self.unique = unique
        self.location = location
        self.nestedRules = nestedRules
        self.review = review
    }

    /// Where argument `name` was written, or the rule's own location when it was not.
    public func location(ofArgument name: String) -> SourceLocation {
        argumentLocations[name] ?? location
    }
}

/// One `column: rule` line of a table's `columns:`.
public struct ColumnEntry: Sendable, Hashable {
    /// The column name as written (matched as the source spells it).
    public var name: String
    public var rule: RuleSpec
    /// Where the column name was written.
    public var location: SourceLocation

    public init(name: String, rule: RuleSpec, location: SourceLocation) {
        self.name = name
        self.rule = rule
        self.location = location
    }
}
