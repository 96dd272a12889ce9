import VeilCore
import VeilProfile

/// The `review:` markers a profile still carries: suggestions (from `veil scan`) nobody has confirmed yet.
/// `veil check` lists them; a masking run refuses while any remains (``refuseIfAny(_:defaultSchema:)``).
public enum ReviewMarkers {
    public struct Marker: Sendable, Hashable, CustomStringConvertible {
        /// `schema.table.column` (`table.column` for SQLite and CSV).
        public var column: String
        public var rule: String
        public var reason: String

        /// `schema.table.column (rule): reason`.
        public var description: String { "\(column) (\(rule)): \(reason)" }
    }

    /// Every marked column, in profile order.
    public static func pending(in profile: Profile, defaultSchema: String) -> [Marker] {
        profile.tables.flatMap { entry in
            let schema = entry.schema ?? defaultSchema
            let table = schema.isEmpty ? entry.name : "\(schema).\(entry.name)"
            return entry.columns.compactMap { column in
                column.rule.review.map { Marker(column: "\(table).\(column.name)", rule: column.rule.name, reason: $0) }
            }
        }
    }

    /// Throws `review-needed` (exit 3) naming every marked column, before any row is read.
    static func refuseIfAny(_ profile: Profile, defaultSchema: String) throws {
        let markers = pending(in: profile, defaultSchema: defaultSchema)
        guard !markers.isEmpty else { return }
        throw VeilError(
            .reviewNeeded,
            "\(markers.count) suggested rule(s) are not confirmed yet: "
                + markers.map(\.column).joined(separator: ", ")
                + "; check each rule, then remove `review:` after checking the rule")
    }
}
