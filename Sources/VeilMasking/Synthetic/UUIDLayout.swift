/// How a UUID is written, read from its bytes: thirty-two hex digits, plain or hyphenated 8-4-4-4-12, optionally in
/// braces. The one UUID reader: ``UUIDText`` (the `uuid` rule's general path) and the byte paths of `uuid` and
/// `fake.uuid` read their values with it.
struct UUIDLayout {
    /// Upper-case output: the digits have upper-case letters and no lower-case ones.
    var isUpperCase: Bool
    var isHyphenated: Bool
    var isBraced: Bool

    /// Reads `bytes`, writing each hex digit's value in order into `nibbles` (32 of them) when given.
    /// - Returns: nil when `bytes` is not a UUID (`nibbles` may have been written).
    init?(_ bytes: UnsafeBufferPointer<UInt8>, nibbles: UnsafeMutablePointer<UInt8>? = nil) {
        var body = 0..<bytes.count
        isBraced = bytes.count >= 2 && bytes[0] == 0x7B && bytes[bytes.count - 1] == 0x7D
        if isBraced { body = 1..<(bytes.count - 1) }
        switch body.count {
        case 32: isHyphenated = false
        case 36: isHyphenated = true
        default: return nil
        }
        var upper = false
        var lower = false
        var digit = 0
        func nibble(_ value: UInt8) {
            nibbles?[digit] = value
            digit += 1
        }
        for (offset, position) in body.enumerated() {
            let byte = bytes[position]
            if isHyphenated && Self.isHyphenOffset(offset) {
                guard byte == 0x2D else { return nil }
                continue
            }
            switch byte {
            case 0x30...0x39: nibble(byte - 0x30)
            case 0x41...0x46:
                nibble(byte - 0x41 + 10)
                upper = true
            case 0x61...0x66:
                nibble(byte - 0x61 + 10)
                lower = true
            default: return nil
            }
        }
        isUpperCase = upper && !lower
    }

    /// The offsets in the text of the 32 hex digits, in order.
    var digitOffsets: [Int] {
        let start = isBraced ? 1 : 0
        return (0..<(isHyphenated ? 36 : 32)).filter { !isHyphenated || !Self.isHyphenOffset($0) }.map { start + $0 }
    }

    /// Whether a hyphenated UUID has its hyphen at `offset` (within the braces, if any): 8-4-4-4-12.
    private static func isHyphenOffset(_ offset: Int) -> Bool {
        offset == 8 || offset == 13 || offset == 18 || offset == 23
    }
}
