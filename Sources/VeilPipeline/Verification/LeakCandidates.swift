/// Where a leak may be: an output field by bare table name, column and 1-based row of its table's data.
struct LeakPlace: Hashable, Sendable {
    var table: String
    var column: String
    var row: Int
}

/// The filter hits of an output scan, kept as places and fingerprints only (never a value), until
/// ``LeakConfirmation`` re-checks them exactly.
struct LeakCandidates: Sendable {
    /// Fields whose substrings hit the source-value filter, with the fingerprints of those substrings.
    var contained: [LeakPlace: Set<UInt64>] = [:]

    var isEmpty: Bool { contained.isEmpty }
    var count: Int { contained.count }
}
