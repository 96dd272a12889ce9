/// Short synthetic text written straight into a new `String`'s storage: one allocation (none up to 15 bytes), where
/// interpolation grows its storage two or three times and appends piece by piece. The fake generators that join
/// words and numbers (`1234 Oak Street`, `Ana Lima`) build their values with it.
struct ComposedText {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// The bytes written so far.
    private(set) var count = 0

    /// Text written into `buffer` (at most its size), from its start.
    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

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
            guard !bytes.isEmpty else { return }
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

    /// The bytes of `bytes`, which the caller knows to be valid UTF-8 where they end.
    mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        precondition(count + bytes.count <= buffer.count, "composed text exceeds its capacity")
        (buffer.baseAddress! + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    /// `number` (not negative) in decimal digits, with leading zeros up to `width` digits.
    mutating func append(decimal number: Int, width: Int = 1) {
        append(decimal: UInt(number.magnitude), width: width, precondition: number >= 0)
    }

    /// `number` in decimal digits, with leading zeros up to `width` digits.
    mutating func append(decimal number: UInt, width: Int = 1) {
        append(decimal: number, width: width, precondition: true)
    }

    private mutating func append(decimal number: UInt, width: Int, precondition isValid: Bool) {
        precondition(isValid, "only numbers of zero or more are composed")
        var digits = 1
        var rest = number / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        digits = max(digits, width)
        precondition(count + digits <= buffer.count, "composed text exceeds its capacity")
        var value = number
        for index in stride(from: count + digits - 1, through: count, by: -1) {
            buffer[index] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
            value /= 10
        }
        count += digits
    }

    /// One hex digit of `nibble` (0 to 15), `a`-`f` or `A`-`F`.
    mutating func append(hexDigit nibble: UInt8, upperCase: Bool = false) {
        append(ascii: nibble < 10 ? 0x30 + nibble : (upperCase ? 0x37 : 0x57) + nibble)
    }

    /// `number` in lower-case hex digits without leading zeros (`String(number, radix: 16)`).
    mutating func append(hex number: UInt16) {
        var shift = 12
        while shift > 0 && number >> UInt16(shift) == 0 { shift -= 4 }
        while shift >= 0 {
            append(hexDigit: UInt8(number >> UInt16(shift) & 0xF))
            shift -= 4
        }
    }
}
