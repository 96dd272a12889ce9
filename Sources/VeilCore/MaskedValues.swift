/// A masked column's values, one per row of its batch: `String`s as a rule returned them, or UTF-8 bytes back to back
/// as a rule with a byte path wrote them (``ByteColumn``). Readers see the same values either way.
public enum MaskedValues: Sendable, Equatable {
    case fields([Field])
    case bytes(ByteColumn)

    /// The number of values (rows).
    public var count: Int {
        switch self {
        case .fields(let fields): fields.count
        case .bytes(let column): column.count
        }
    }

    /// Row `row`'s value (nil for NULL).
    public subscript(row: Int) -> Field {
        switch self {
        case .fields(let fields): fields[row]
        case .bytes(let column): column[row]
        }
    }

    /// Every value as a `String`, in row order.
    public var fields: [Field] {
        switch self {
        case .fields(let fields): fields
        case .bytes(let column): column.fields
        }
    }

    /// Calls `body` with row `row`'s UTF-8 bytes (valid only during the call), or nil for NULL, without making a
    /// `String` of a value held as bytes.
    public func withValue<Result>(_ row: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Result) rethrows
        -> Result
    {
        switch self {
        case .bytes(let column):
            return try column.withValue(row, body)
        case .fields(let fields):
            guard var value = fields[row] else { return try body(nil) }
            return try value.withUTF8 { try body($0) }
        }
    }
}
