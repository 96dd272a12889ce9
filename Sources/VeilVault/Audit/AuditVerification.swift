import VeilCore

/// The result of verifying an audit log: how many entries were read and the first problem, if any.
public struct AuditVerification: Sendable, Equatable, CustomStringConvertible {
    /// Entries that passed every check before the first problem (all of them when clean).
    public let entries: Int
    /// The first problem found, in log order, then the head's; nil when the log is intact.
    public let problem: AuditProblem?
    /// The log holds one entry more than its head: an append wrote its line but was interrupted
    /// before replacing the head. Not tampering (the entry is chained and MACed); the next append
    /// brings the head up to date.
    public let headOneBehind: Bool

    public var isClean: Bool { problem == nil }

    public var description: String {
        if let problem { return "audit log damaged after \(entries) good entries: \(problem)" }
        return "audit log intact: \(entries) entries" + (headOneBehind ? " (head one entry behind)" : "")
    }

    /// Throws `.keyStore` (exit 77) describing the first problem, if there is one.
    public func requireClean(path: String) throws {
        if let problem { throw VeilError(.keyStore, "the audit log \(path) failed verification: \(problem)") }
    }
}

/// One problem in an audit log. The description names the line and never quotes its content.
public struct AuditProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A line is unparsable, not in canonical form, or fails its MAC.
        case changed
        /// Entries are missing: `seq` jumps forward.
        case removed
        /// Entries are out of order, duplicated, or a line does not follow its predecessor's hash.
        case reordered
        /// The log ends early: an incomplete last line, or fewer entries than the head records.
        case truncated
        /// The log has entries but no head file.
        case headMissing
        /// The head file fails its MAC or does not match the log.
        case headChanged
        /// The head file exists but the log does not.
        case logMissing
    }

    public let kind: Kind
    /// 1-based line number of the offending (or first missing) entry; nil for problems of the head
    /// file itself.
    public let line: Int?
    /// What is wrong, without any content of the log.
    public let reason: String

    public init(_ kind: Kind, line: Int?, _ reason: String) {
        self.kind = kind
        self.line = line
        self.reason = reason
    }

    public var description: String {
        line.map { "line \($0): \(reason)" } ?? reason
    }
}
