import VeilCore

/// `keep`: the column is reviewed and copied unchanged.
///
/// No parameters. Not keyed; the leak scan ignores kept columns.
public enum KeepRule {
    public static let definition = RuleDefinition(
        name: "keep", summary: "copies the value unchanged (the column was reviewed)", isKeyed: false,
        isBijective: true,
        make: { _ in KeepTransformer() }
    )
}

/// Leaves every field as it is.
public struct KeepTransformer: Transformer {
    public init() {}

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {}
}
