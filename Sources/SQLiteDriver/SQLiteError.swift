/// A failure reported by SQLite: its result code and its own message.
///
/// The message is SQLite's (`sqlite3_errmsg`), which names tables, columns and constraints but never a bound
/// value; the driver adds only what it was doing (`prepare`, `step`, `open`...). Like GRDB's `DatabaseError`
/// with `publicStatementArguments = false`, bound values are never part of an error.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A primary SQLite result code (the low 8 bits of an extended code).
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: Int32

        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let error = Code(rawValue: 1)
        public static let `internal` = Code(rawValue: 2)
        public static let permission = Code(rawValue: 3)
        public static let abort = Code(rawValue: 4)
        public static let busy = Code(rawValue: 5)
        public static let locked = Code(rawValue: 6)
        public static let noMemory = Code(rawValue: 7)
        public static let readOnly = Code(rawValue: 8)
        public static let ioError = Code(rawValue: 10)
        public static let corrupt = Code(rawValue: 11)
        public static let full = Code(rawValue: 13)
        public static let cantOpen = Code(rawValue: 14)
        public static let schema = Code(rawValue: 17)
        public static let tooBig = Code(rawValue: 18)
        public static let constraint = Code(rawValue: 19)
        public static let mismatch = Code(rawValue: 20)
        public static let misuse = Code(rawValue: 21)
        public static let range = Code(rawValue: 25)
        public static let notADatabase = Code(rawValue: 26)

        public var description: String { "SQLITE code \(rawValue)" }
    }

    /// The extended result code, e.g. 2067 for `SQLITE_CONSTRAINT_UNIQUE`.
    public let extendedCode: Int32
    /// SQLite's message for the failure.
    public let message: String
    /// What the driver was doing: `open`, `prepare`, `step`, `bind`, `exec`...
    public let operation: String

    /// The primary result code.
    public var code: Code { Code(rawValue: extendedCode & 0xFF) }

    public init(extendedCode: Int32, message: String, operation: String) {
        self.extendedCode = extendedCode
        self.message = message
        self.operation = operation
    }

    public var description: String { "SQLite \(operation) failed (code \(extendedCode)): \(message)" }
}
