import VeilCore
import VeilMasking
import VeilProfile

/// What a run does with one column: the rule, its validated arguments, and its domain.
public struct ColumnPlan: Sendable {
    public let column: Column
    public let definition: RuleDefinition
    public let arguments: [String: ParameterValue]
    /// The key domain: `schema.table.column`, the referenced column's domain for a foreign key, or
    /// the profile's explicit `domain:`.
    public let domain: String
    /// Where the rule was written, or nil when `on_unreviewed_column: null` supplied it.
    public let location: SourceLocation?
    /// A lossy rule on a unique column (`unique: true`): the run checks its outputs for collisions.
    /// Holds the column (of the table owning the entry) whose outputs must stay distinct.
    public var uniquenessScope: ColumnName? = nil
    /// Nested rules by key (`json`'s paths, `scrub`'s PII kinds), each with its own arguments and domain.
    public var nested: [String: ColumnPlan] = [:]

    /// Builds the column's transformer under `keys` (and the run's token vault, for `tokenize`), after its
    /// nested rules' transformers, which it receives as ``RuleContext/nested``.
    func makeTransformer(keys: MaskingKeyRing, tokens: (any TokenIssuer)? = nil) throws(RuleConfigurationError)
        -> any Transformer
    {
        var nestedTransformers: [String: any Transformer] = [:]
        for (key, plan) in nested.sorted(by: { $0.key < $1.key }) {
            do {
                nestedTransformers[key] = try plan.makeTransformer(keys: keys, tokens: tokens)
            } catch {
                throw RuleConfigurationError("`\(key)` (rule `\(plan.definition.name)`): \(error.message)")
            }
        }
        /// The rule on `column` retyped as `type` (a document's text leaves, an array's elements), without the
        /// column's CHECKs, which apply to the whole value.
        func make(as type: String?) throws(RuleConfigurationError) -> any Transformer {
            var seen = column
            if let type {
                seen.type = type
                seen.checks = []
            }
            return try definition.make(
                RuleContext(
                    arguments: arguments, domain: domain, keys: keys.keys(forDomain: domain), column: seen,
                    tokens: tokens, nested: nestedTransformers))
        }
        // On a json/jsonb column every rule but keep, null and json (which has its own paths) masks each string leaf
        // of the document, as text: keys, numbers, booleans and the document's shape stay.
        if JSONStringLeavesTransformer.isJSON(column.type), !Self.wholeDocumentRules.contains(definition.name) {
            return JSONStringLeavesTransformer(leaves: try make(as: "text"))
        }
        // On an array column every rule but keep and null masks element by element, as the element type.
        if let elementType = ArrayElementsTransformer.elementType(of: column.type),
            !Self.wholeValueRules.contains(definition.name)
        {
            return ArrayElementsTransformer(element: try make(as: elementType))
        }
        return try make(as: nil)
    }

    /// Rules that act on an array column's whole value rather than on its elements.
    static let wholeValueRules: Set<String> = ["keep", "null"]
    /// Rules that act on a json/jsonb column's whole document rather than on its string leaves.
    static let wholeDocumentRules: Set<String> = ["keep", "null", "json"]
}

/// What a run does with one table.
public enum TableAction: Sendable {
    /// Every column reviewed and kept: rows pass unchanged.
    case keep
    /// `rows: none`: the table is created, no row is copied.
    case schemaOnly
    /// Columns not listed here are kept; listed ones are masked by their rule.
    case mask([ColumnPlan])
}

/// The profile applied to one source's schema: a decision for every column of every table.
public struct MaskingPlan: Sendable {
    public var actions: [TableName: TableAction]

    public init(actions: [TableName: TableAction]) {
        self.actions = actions
    }

    /// Every rule the plan applies, by name, with the columns it applies to (for reports).
    public var ruleUsage: [String: Int] {
        var usage: [String: Int] = [:]
        for case .mask(let columns) in actions.values {
            for column in columns { usage[column.definition.name, default: 0] += 1 }
        }
        return usage
    }

    /// True when some column uses the rule called `name`.
    func usesRule(_ name: String) -> Bool {
        ruleUsage[name] != nil
    }
}
