import VeilCore

/// `mask`: partial masking that keeps the length, such as `4111********1111` or `J***`.
///
/// Every character except the first `show_first` and the last `show_last` is replaced by `char`.
/// Length is counted in Unicode scalars, as PostgreSQL counts characters, so the output always fits
/// the column. When a value is not longer than `show_first + show_last` it is masked entirely:
/// showing all of it would copy it through. Not keyed: the same value masks alike under any key.
///
/// Parameters:
/// - `show_first` (default 0), `show_last` (default 0): characters left visible at each end.
/// - `char` (default `*`): the single masking character.
public enum MaskRule {
    public static let definition = RuleDefinition(
        name: "mask",
        summary: "replaces all but the first/last characters with a mask character, keeping length",
        parameters: [
            ParameterDefinition(
                name: "show_first", kind: .integer(0...1024), defaultValue: .integer(0),
                summary: "characters left visible at the start"),
            ParameterDefinition(
                name: "show_last", kind: .integer(0...1024), defaultValue: .integer(0),
                summary: "characters left visible at the end"),
            ParameterDefinition(
                name: "char", kind: .string, defaultValue: .string("*"), summary: "the masking character"),
        ],
        isKeyed: false,
        make: { context throws(RuleConfigurationError) in try MaskTransformer(context) }
    )
}

/// Masks the middle of each value. See ``MaskRule``.
public struct MaskTransformer: ValueTransformer {
    let showFirst: Int
    let showLast: Int
    let mask: Unicode.Scalar

    /// - Throws: when `char` is not one character, or the column cannot hold it.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        showFirst = max(0, context.integer("show_first") ?? 0)
        showLast = max(0, context.integer("show_last") ?? 0)
        let char = context.string("char") ?? "*"
        guard char.unicodeScalars.count == 1, let scalar = char.unicodeScalars.first else {
            throw RuleConfigurationError("char must be exactly one character")
        }
        mask = scalar
        let type = ColumnType(context.column.type)
        guard type.isTextual || (type.isNumeric && ("0"..."9").contains(scalar)) else {
            throw RuleConfigurationError("mask writes text; the column's type cannot hold the mask character")
        }
    }

    public func transform(_ value: String) throws(ValueError) -> String {
        if mask.isASCII, value.utf8.allSatisfy({ $0 < 0x80 }) {
            return maskASCII(value)
        }
        let scalars = value.unicodeScalars
        let count = scalars.count
        let visible = showFirst + showLast < count
        var output = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            let shown = visible && (index < showFirst || index >= count - showLast)
            output.append(shown ? scalar : mask)
        }
        return String(output)
    }

    private func maskASCII(_ value: String) -> String {
        let count = value.utf8.count
        let visible = showFirst + showLast < count
        let maskByte = UInt8(mask.value)
        return String(unsafeUninitializedCapacity: count) { buffer in
            for (index, byte) in value.utf8.enumerated() {
                let shown = visible && (index < showFirst || index >= count - showLast)
                buffer[index] = shown ? byte : maskByte
            }
            return count
        }
    }
}
