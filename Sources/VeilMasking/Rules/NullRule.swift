import VeilCore

/// `null`: every value, empty strings included, becomes SQL NULL.
///
/// No parameters. The planner refuses it on a NOT NULL column (``RuleDefinition/mayProduceNull``).
public enum NullRule {
    public static let definition = RuleDefinition(
        name: "null", summary: "replaces every value with NULL", isKeyed: false, mayProduceNull: true,
        make: { context throws(RuleConfigurationError) in
            guard !context.column.isNotNull else {
                throw RuleConfigurationError("null cannot be used on a NOT NULL column")
            }
            return NullTransformer()
        }
    )
}

/// Sets every field to NULL.
public struct NullTransformer: Transformer {
    public init() {}

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        for index in values.indices { values[index] = nil }
    }
}
