/// The parts of a structured value that a leak check watches one by one, as a rule masks them one by one: the
/// elements of an array (`{ann@x.io,bob@y.io}`), the string leaves of a JSON document. A real address kept as one
/// element of a masked array, or copied into another column, is then found like any other original.
public enum ValueParts {
    /// How values of the declared `type` split into parts, or nil when they are watched whole.
    public static func splitter(forType type: String) -> (@Sendable (String) -> [String]?)? {
        if ArrayElementsTransformer.elementType(of: type) != nil {
            return { ArrayElementsTransformer.elements(of: $0) }
        }
        if JSONStringLeavesTransformer.isJSON(type) {
            return { JSONStringLeavesTransformer.stringLeaves(of: $0) }
        }
        return nil
    }
}
