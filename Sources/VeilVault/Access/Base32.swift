/// RFC 4648 base32 (the "A–Z, 2–7" alphabet of section 6), as authenticator apps and Veil's API keys use it.
///
/// Encoding writes uppercase or lowercase, with or without `=` padding. Decoding accepts either case,
/// with or without padding, and is strict otherwise: a character outside the alphabet, an impossible
/// length, misplaced padding or non-zero unused trailing bits are refused, so one byte string has exactly
/// one spelling per case and padding choice.
public enum Base32 {
    /// Why a text is not valid base32. Carries positions only, never the text itself (it may be a secret).
    public enum DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The character at this 0-based UTF-8 offset is not in the base32 alphabet.
        case invalidCharacter(offset: Int)
        /// The number of symbols cannot come from whole bytes (it is 1, 3 or 6 modulo 8).
        case invalidLength
        /// Padding is present but is not the amount the symbol count calls for, or symbols follow it.
        case invalidPadding
        /// The unused low bits of the last symbol are not zero (a non-canonical spelling).
        case nonZeroTrailingBits

        public var description: String {
            switch self {
            case .invalidCharacter(let offset): "base32: invalid character at offset \(offset)"
            case .invalidLength: "base32: invalid length"
            case .invalidPadding: "base32: invalid padding"
            case .nonZeroTrailingBits: "base32: non-zero trailing bits"
            }
        }
    }

    private static let upperAlphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    private static let lowerAlphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
    private static let pad = UInt8(ascii: "=")

    /// Symbols a group of 0...5 input bytes yields (index = bytes in the group). The values below 8 are
    /// also the only possible symbol counts modulo 8.
    private static let symbolsForBytes = [0, 2, 4, 5, 7, 8]

    /// The base32 text of `bytes`.
    /// - Parameters:
    ///   - bytes: The data to encode.
    ///   - padding: Whether to append `=` up to a multiple of 8 characters (RFC 4648's default).
    ///   - lowercase: Whether to use lowercase letters.
    public static func encode<C: Collection>(_ bytes: C, padding: Bool = true, lowercase: Bool = false) -> String
    where C.Element == UInt8 {
        let alphabet = lowercase ? lowerAlphabet : upperAlphabet
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 4) / 5 * 8)
        var start = 0
        while start < input.count {
            let groupCount = min(5, input.count - start)
            var group: UInt64 = 0
            for index in 0..<5 {
                group = group << 8 | UInt64(index < groupCount ? input[start + index] : 0)
            }
            let symbols = symbolsForBytes[groupCount]
            for index in 0..<symbols {
                output.append(alphabet[Int(group >> UInt64(35 - 5 * index) & 31)])
            }
            if padding {
                output.append(contentsOf: repeatElement(pad, count: 8 - symbols))
            }
            start += groupCount
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` encodes. Case-insensitive; padding optional.
    /// - Throws: ``DecodingError`` when `text` is not canonical base32.
    public static func decode(_ text: String) throws(DecodingError) -> [UInt8] {
        let characters = Array(text.utf8)
        // Split off trailing padding; any `=` before it is an error.
        var symbolCount = characters.count
        while symbolCount > 0, characters[symbolCount - 1] == pad { symbolCount -= 1 }
        let paddingCount = characters.count - symbolCount
        let remainder = symbolCount % 8
        guard symbolsForBytes.contains(remainder) else { throw .invalidLength }
        if paddingCount > 0, remainder == 0 || paddingCount != 8 - remainder { throw .invalidPadding }

        var output: [UInt8] = []
        output.reserveCapacity(symbolCount * 5 / 8)
        var buffer: UInt64 = 0
        var bits = 0
        for offset in 0..<symbolCount {
            guard let value = symbolValue(characters[offset]) else {
                throw characters[offset] == pad ? .invalidPadding : .invalidCharacter(offset: offset)
            }
            buffer = buffer << 5 | UInt64(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt64(bits)))
                buffer &= (1 << UInt64(bits)) - 1
            }
        }
        guard buffer == 0 else { throw .nonZeroTrailingBits }
        return output
    }

    /// The 5-bit value of one base32 symbol of either case, or nil.
    private static func symbolValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): character - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}
