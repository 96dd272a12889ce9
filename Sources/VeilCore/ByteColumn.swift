/// One column's values as UTF-8 bytes, back to back in one buffer, one value per row (or NULL): what a rule with a
/// byte path writes, so that a masked value costs a few bytes appended to a shared buffer instead of a `String` of
/// its own (a heap allocation for any value over 15 bytes).
///
/// A sink of COPY text writes these bytes (escaped) as they are; code that wants a `String` asks for one value
/// (``subscript(_:)``) or all of them (``fields``).
public struct ByteColumn: Sendable, Equatable {
    /// Every non-NULL value's bytes, in row order.
    public private(set) var bytes: [UInt8] = []
    /// Per row: the end of its value in ``bytes``, or `-1 - end` for NULL (where `end` is where the next value
    /// starts), so that one array holds both.
    private var ends: [Int] = []

    /// An empty column with room for `values` values of `bytes` bytes in all.
    public init(reservingValues values: Int = 0, bytes capacity: Int = 0) {
        ends.reserveCapacity(values)
        bytes.reserveCapacity(capacity)
    }

    /// The column of `fields`, their UTF-8 bytes copied.
    public init(_ fields: [Field]) {
        self.init(reservingValues: fields.count)
        for field in fields { append(field) }
    }

    /// The number of values (rows).
    public var count: Int { ends.count }

    /// Appends a NULL.
    public mutating func appendNull() {
        ends.append(-1 - bytes.count)
    }

    /// Appends one value's UTF-8 bytes.
    public mutating func append(_ value: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: value)
        ends.append(bytes.count)
    }

    /// Appends `field` (NULL for nil).
    public mutating func append(_ field: Field) {
        guard var value = field else { return appendNull() }
        value.withUTF8 { append($0) }
    }

    /// Appends one value of at most `capacity` bytes, which `write` puts at the start of the buffer it gets and
    /// whose length it returns. The bytes must be UTF-8.
    public mutating func appendValue(capacity: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: capacity))
        let length = bytes.withUnsafeMutableBufferPointer { buffer in
            write(UnsafeMutableBufferPointer(rebasing: buffer[start..<(start + capacity)]))
        }
        precondition(length >= 0 && length <= capacity, "a value longer than its capacity")
        bytes.removeLast(capacity - length)
        ends.append(bytes.count)
    }

    /// Whether row `row` is NULL.
    public func isNull(_ row: Int) -> Bool { ends[row] < 0 }

    /// The bounds of row `row`'s value in ``bytes``; nil for NULL.
    public func range(_ row: Int) -> Range<Int>? {
        let end = ends[row]
        guard end >= 0 else { return nil }
        let previous = row == 0 ? 0 : ends[row - 1]
        return (previous < 0 ? -1 - previous : previous)..<end
    }

    /// Calls `body` with row `row`'s bytes (valid only during the call), or nil for NULL.
    public func withValue<Result>(_ row: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Result) rethrows
        -> Result
    {
        guard let range = range(row) else { return try body(nil) }
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Row `row`'s value as a `String` (nil for NULL).
    public subscript(row: Int) -> Field {
        guard let range = range(row) else { return nil }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// Every value as a `String`, in row order.
    public var fields: [Field] { (0..<count).map { self[$0] } }
}
