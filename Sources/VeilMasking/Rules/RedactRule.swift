import VeilCore

/// `redact`: every non-NULL value, the empty string included, becomes one constant.
///
/// NULL stays NULL (so a nullable column keeps telling "absent" from "present"); an empty string
/// becomes the constant too, since hiding what a value was is this rule's job and an empty string
/// is a value. The constant is truncated to the column's declared length (`varchar(n)`,
/// `character(n)`) so the copy always loads.
///
/// Parameters:
/// - `value` (default `REDACTED`): the constant.
public enum RedactRule {
    public static let definition = RuleDefinition(
        name: "redact",
        summary: "replaces every non-NULL value with a constant",
        parameters: [
            ParameterDefinition(
                name: "value", kind: .string, defaultValue: .string("REDACTED"), summary: "the constant written")
        ],
        isKeyed: false,
        make: { context throws(RuleConfigurationError) in try RedactTransformer(context) }
    )
}

/// Writes one constant over every non-NULL field.
public struct RedactTransformer: Transformer {
    public let constant: String

    /// - Throws: when the column cannot hold text.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        let type = ColumnType(context.column.type)
        let value = context.string("value") ?? "REDACTED"
        guard type.isTextual else {
            throw RuleConfigurationError("redact writes text; the column's type cannot hold it")
        }
        constant = type.fit(value)
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        for index in values.indices where values[index] != nil {
            values[index] = constant
        }
    }
}
