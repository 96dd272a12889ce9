/// A place in a profile file: the file as it was named when loaded, and a 1-based line and column.
///
/// Every table, column, rule and rule argument of a ``Profile`` keeps its location, so that problems found
/// later (an unknown rule, a bad parameter) are reported as `file:line:column` like parse problems.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The profile file, as given to ``ProfileLoader``.
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column number, counted in Unicode scalars (as the YAML parser counts them).
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form compilers use and editors jump to.
    public var description: String { "\(file):\(line):\(column)" }

    /// Orders by file, then line, then column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// One thing wrong with a profile, and where.
///
/// The message names keys, tables and columns but never the value of a secret (a literal passphrase is
/// reported as "a literal", not echoed).
public struct ProfileProblem: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String { "\(location): \(message)" }
}
