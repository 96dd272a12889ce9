/// Short synthetic text written straight into a new `String`'s storage: one allocation (none up to 15 bytes), where
/// interpolation grows its storage two or three times and appends piece by piece. The fake generators that join
/// words and numbers (`1234 Oak Street`, `Ana Lima`) build their values with it.
struct ComposedText {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var count = 0

    private init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    /// The text `body` writes, which must be at most `capacity` UTF-8 bytes.
    static func compose(capacity: Int, _ body: (inout ComposedText) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var text = ComposedText(buffer)
            body(&text)
            return text.count
        }
    }

    /// The UTF-8 bytes of `text`.
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            precondition(count + bytes.count <= buffer.count, "composed text exceeds its capacity")
            UnsafeMutableBufferPointer(rebasing: buffer[count...]).baseAddress!.update(
                from: bytes.baseAddress!, count: bytes.count)
            count += bytes.count
        }
    }

    /// One ASCII character.
    mutating func append(ascii byte: UInt8) {
        precondition(count < buffer.count, "composed text exceeds its capacity")
        buffer[count] = byte
        count += 1
    }

    /// `number` (not negative) in decimal digits.
    mutating func append(decimal number: Int) {
        precondition(number >= 0, "only numbers of zero or more are composed")
        var digits = 1
        var rest = number / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        precondition(count + digits <= buffer.count, "composed text exceeds its capacity")
        var value = number
        for index in stride(from: count + digits - 1, through: count, by: -1) {
            buffer[index] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
            value /= 10
        }
        count += digits
    }
}
