import VeilCore

/// Everything wrong with a profile, found in one pass and sorted by line.
///
/// Its description lists one problem per line, each as `file:line:column: message`. Convert it with
/// ``veilError`` to report it with the usage exit code (64).
public struct ProfileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, sorted by line then column. Never empty when thrown by ``ProfileLoader``.
    public var problems: [ProfileProblem]

    /// Creates an error from problems in any order; they are sorted by location (stable for ties).
    public init(problems: [ProfileProblem]) {
        self.problems = problems.enumerated()
            .sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }
            .map(\.element)
    }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }

    /// The same problems as a usage error (exit code 64).
    public var veilError: VeilError {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return VeilError(.usage, "invalid profile (\(count)):\n\(description)")
    }
}
