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
    /// Masked fields that may equal their own row's original (`veil verify` only; a run compares exactly).
    var sameRow: Set<LeakPlace> = []
    /// Output table name (as the output spells it) by bare name, for the report.
    var outputNames: [String: String] = [:]

    var isEmpty: Bool { contained.isEmpty && sameRow.isEmpty }
    var count: Int { Set(contained.keys).union(sameRow).count }
}
