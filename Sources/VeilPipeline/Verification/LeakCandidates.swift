import VeilCore

/// Where a leak may be: an output field by source table (with its schema), column and 1-based row of its table's
/// data; or the text between tables (DDL, settings) passed through to the output, by its order in the stream.
package struct LeakPlace: Hashable, Sendable {
    package var table: TableName
    package var column: String
    var row: Int

    /// The `index`-th piece of passed-through text.
    static func passthrough(_ index: Int) -> LeakPlace {
        LeakPlace(table: passthroughTable, column: "", row: index)
    }

    package var isPassthrough: Bool { table == Self.passthroughTable }

    /// No table of any source has an empty schema and name.
    private static let passthroughTable = TableName(schema: "", name: "")
}

/// The filter hits of an output scan, kept as places and fingerprints only (never a value), until
/// ``LeakConfirmation`` re-checks them exactly.
package struct LeakCandidates: Sendable {
    /// Fields whose substrings hit the source-value filter, with the fingerprints of those substrings.
    var contained: [LeakPlace: Set<UInt64>] = [:]

    package var isEmpty: Bool { contained.isEmpty }
    package var count: Int { contained.count }
}
