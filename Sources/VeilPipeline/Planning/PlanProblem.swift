import VeilCore
import VeilProfile

/// Something that stops a run before a row is written, found by planning (and by `veil check`).
public struct PlanProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A column no profile entry covers (fail closed).
        case unreviewedColumn
        /// A rule name, argument or combination that is invalid: the profile must be fixed (exit 64).
        case invalidRule
        /// A foreign key whose two sides are masked differently: joins would break.
        case foreignKeyMismatch
        /// A lossy rule on a unique column, or NULL into a NOT NULL column.
        case constraintConflict
        /// The profile names a column the source does not have.
        case schemaDrift
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation?

    public init(_ kind: Kind, _ message: String, location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    public var description: String {
        location.map { "\($0): \(message)" } ?? message
    }
}

/// Planning failed: every problem, found in one pass.
public struct PlanningError: Error, Sendable, CustomStringConvertible {
    public var problems: [PlanProblem]

    package init(problems: [PlanProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }

    /// An invalid profile is a usage error (64); anything else needs review (3).
    public var veilError: VeilError {
        let code: VeilError.Code = problems.contains { $0.kind == .invalidRule } ? .usage : .reviewNeeded
        let unreviewed = problems.filter { $0.kind == .unreviewedColumn }.count
        let headline =
            unreviewed > 0
            ? "\(unreviewed) unreviewed column(s); add them to the profile (or set on_unreviewed_column: null)"
            : "the profile does not fit the source"
        return VeilError(code, headline + ":\n" + description)
    }
}
