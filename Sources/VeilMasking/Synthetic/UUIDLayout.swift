/// How a UUID is written, read from its bytes: thirty-two hex digits, plain or hyphenated 8-4-4-4-12, optionally in
/// braces. The one UUID reader: ``UUIDText`` (the `uuid` rule's general path) and the byte paths of `uuid` and
/// `fake.uuid` read their values with it.
struct UUIDLayout {
    /// Upper-case output: the digits have upper-case letters and no lower-case ones.
    var isUpperCase: Bool
    var isHyphenated: Bool
    var isBraced: Bool

    /// A layout given by its parts (for its ``digitOffsets``).
    init(isHyphenated: Bool, isBraced: Bool = false, isUpperCase: Bool = false) {
        self.isHyphenated = isHyphenated
        self.isBraced = isBraced
        self.isUpperCase = isUpperCase
    }

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
        let base = body.lowerBound
        if isHyphenated {
            guard bytes[base + 8] == 0x2D, bytes[base + 13] == 0x2D, bytes[base + 18] == 0x2D, bytes[base + 23] == 0x2D
            else { return nil }
        }
        // Each digit's value, and whether any is an upper- or lower-case letter. Digit `d` lies past the hyphens
        // before it: one after digits 8, 12, 16 and 20.
        var letters: UInt8 = 0
        for digit in 0..<32 {
            let hyphens =
                isHyphenated
                ? (digit >= 8 ? 1 : 0) + (digit >= 12 ? 1 : 0) + (digit >= 16 ? 1 : 0) + (digit >= 20 ? 1 : 0) : 0
            let byte = bytes[base + digit + hyphens]
            let decimal = byte &- 0x30
            let letter = (byte | 0x20) &- 0x61
            let value: UInt8
            if decimal < 10 {
                value = decimal
            } else if letter < 6 {
                value = letter + 10
                letters |= byte < 0x60 ? Self.upperLetter : Self.lowerLetter
            } else {
                return nil
            }
            nibbles?[digit] = value
        }
        let upper = letters & Self.upperLetter != 0
        let lower = letters & Self.lowerLetter != 0
        isUpperCase = upper && !lower
    }

    /// The offsets in the text of the 32 hex digits, in order.
    var digitOffsets: [Int] {
        let start = isBraced ? 1 : 0
        return (0..<(isHyphenated ? 36 : 32)).filter { !isHyphenated || !Self.isHyphenOffset($0) }.map { start + $0 }
    }

    private static var upperLetter: UInt8 { 0x10 }
    private static var lowerLetter: UInt8 { 0x20 }

    /// Whether a hyphenated UUID has its hyphen at `offset` (within the braces, if any): 8-4-4-4-12.
    private static func isHyphenOffset(_ offset: Int) -> Bool {
        offset == 8 || offset == 13 || offset == 18 || offset == 23
    }
}
