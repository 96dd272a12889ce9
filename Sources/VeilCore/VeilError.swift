/// Veil's error: a stable code that maps to a process exit status, a message that never contains a
/// data value, and where it happened (table, column, row) when that is known.
public struct VeilError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure; each maps to one exit code of DESIGN.md.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public let exitCode: Int32

        public var description: String { name }

        public static let `internal` = Code(name: "internal", exitCode: 1)
        public static let leakFound = Code(name: "leak-found", exitCode: 2)
        /// Verification found tampering (an audit log's changed, removed or reordered entry): exit 2, as a leak.
        public static let verificationFailed = Code(name: "verification-failed", exitCode: 2)
        public static let reviewNeeded = Code(name: "review-needed", exitCode: 3)
        public static let usage = Code(name: "usage", exitCode: 64)
        public static let source = Code(name: "source", exitCode: 66)
        public static let target = Code(name: "target", exitCode: 73)
        public static let busy = Code(name: "busy", exitCode: 75)
        /// A service cannot be reached, its TLS fails, or `serve` cannot listen: EX_UNAVAILABLE.
        public static let unavailable = Code(name: "unavailable", exitCode: 69)
        public static let keyStore = Code(name: "key-store", exitCode: 77)
        /// The detokenization service refused: not logged in, or not allowed (role, limit, reason).
        public static let accessDenied = Code(name: "access-denied", exitCode: 77)
    }

    /// Where in the data an error happened. Never carries a value.
    public struct Location: Hashable, Sendable, CustomStringConvertible {
        public var table: TableName?
        public var column: String?
        /// 1-based row number within the table's data.
        public var row: Int?

        public init(table: TableName? = nil, column: String? = nil, row: Int? = nil) {
            self.table = table
            self.column = column
            self.row = row
        }

        public var description: String {
            var parts: [String] = []
            if let table { parts.append(column.map { "\(table).\($0)" } ?? "\(table)") }
            if let row { parts.append("row \(row)") }
            return parts.joined(separator: ", ")
        }
    }

    public var code: Code
    public var message: String
    public var location: Location?

    public init(_ code: Code, _ message: String, location: Location? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String {
        guard let location, !location.description.isEmpty else { return message }
        return "\(location): \(message)"
    }
}
