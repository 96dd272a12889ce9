/// A 32-byte digest (HMAC-SHA256 or SHA-256), stored inline as four words: no heap allocation.
public struct Digest256: Sendable, Hashable, CustomStringConvertible {
    /// Big-endian words 0..<4. Visible to inlined code so hot loops in other modules (the rules) read
    /// digest bytes without a call per byte.
    @usableFromInline let w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// Creates a digest from the raw memory layout of 32 digest bytes read as four native words.
    init(bigEndianWords words: (UInt64, UInt64, UInt64, UInt64)) {
        w0 = UInt64(bigEndian: words.0)
        w1 = UInt64(bigEndian: words.1)
        w2 = UInt64(bigEndian: words.2)
        w3 = UInt64(bigEndian: words.3)
    }

    /// Creates a digest from exactly 32 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        func word(_ index: Int) -> UInt64 {
            (0..<8).reduce(UInt64(0)) { ($0 << 8) | UInt64(bytes[index * 8 + $1]) }
        }
        w0 = word(0)
        w1 = word(1)
        w2 = word(2)
        w3 = word(3)
    }

    /// Big-endian word `index` (0..<4): bytes `8*index ..< 8*index+8`.
    @inlinable
    public func word(_ index: Int) -> UInt64 {
        switch index {
        case 0: w0
        case 1: w1
        case 2: w2
        case 3: w3
        default: preconditionFailure("Digest256 word index out of range")
        }
    }

    /// Byte `index` (0..<32).
    @inlinable
    public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < 32, "Digest256 byte index out of range")
        return UInt8(truncatingIfNeeded: word(index >> 3) >> (56 - 8 * UInt64(index & 7)))
    }

    /// The 32 bytes (allocates an array).
    public var bytes: [UInt8] { (0..<32).map { self[$0] } }

    /// Lowercase hexadecimal, 64 characters.
    public var hexString: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: 0, count: 64)
        for index in 0..<32 {
            let byte = self[index]
            text[2 * index] = digits[Int(byte >> 4)]
            text[2 * index + 1] = digits[Int(byte & 15)]
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { hexString }

    /// Compares all four words without an early exit.
    public static func == (lhs: Digest256, rhs: Digest256) -> Bool {
        ((lhs.w0 ^ rhs.w0) | (lhs.w1 ^ rhs.w1) | (lhs.w2 ^ rhs.w2) | (lhs.w3 ^ rhs.w3)) == 0
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(w0)
        hasher.combine(w1)
        hasher.combine(w2)
        hasher.combine(w3)
    }
}
