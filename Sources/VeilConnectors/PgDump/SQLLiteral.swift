/// SQL string literals: their values (for INSERT data) and pg_dump's way of writing them.
enum SQLLiteral {
    /// A literal that cannot be read: an escape that makes no valid UTF-8, or a form the reader does not handle.
    struct Unreadable: Error {
        var reason: String
    }

    /// The value of a string-literal token (prefix and quotes included).
    ///
    /// - Parameters:
    ///   - token: the literal's bytes, e.g. `'O''Reilly'`, `E'a\tb'`, `B'1010'`.
    ///   - prefix: the literal's prefix as the tokenizer classified it.
    ///   - standardConformingStrings: the session setting; when off, plain `'..'` literals take backslash
    ///     escapes like `E'..'`.
    static func value(
        of token: UnsafeBufferPointer<UInt8>, prefix: SQLToken.StringPrefix, standardConformingStrings: Bool
    ) throws(Unreadable) -> String {
        let open = token.firstIndex(of: UInt8(ascii: "'")) ?? 0
        let inner = UnsafeBufferPointer(rebasing: token[(open + 1)..<max(open + 1, token.count - 1)])
        switch prefix {
        case .bit:
            return String(decoding: inner, as: UTF8.self)
        case .hex:
            return "x" + String(decoding: inner, as: UTF8.self)
        case .unicode:
            return try unicodeEscaped(inner)
        case .escape:
            return try backslashEscaped(inner)
        case .none, .national:
            return standardConformingStrings ? undoubled(inner) : try backslashEscaped(inner)
        }
    }

    /// `'...'` for `value` as pg_dump's `appendStringLiteral` writes it: quotes doubled, and backslashes
    /// doubled too when `standard_conforming_strings` is off.
    static func quote(_ value: String, standardConformingStrings: Bool, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "'"))
        for byte in value.utf8 {
            if byte == UInt8(ascii: "'") || (byte == 0x5C && !standardConformingStrings) { output.append(byte) }
            output.append(byte)
        }
        output.append(UInt8(ascii: "'"))
    }

    /// A standard literal body: only `''` is special.
    private static func undoubled(_ inner: UnsafeBufferPointer<UInt8>) -> String {
        guard inner.contains(UInt8(ascii: "'")) else { return String(decoding: inner, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(inner.count)
        var index = 0
        while index < inner.count {
            output.append(inner[index])
            index += inner[index] == UInt8(ascii: "'") && index + 1 < inner.count ? 2 : 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// An `E'..'` body: `''`, `\b \f \n \r \t`, octal `\o`..`\ooo`, hex `\xh`/`\xhh`, `\uXXXX`, `\UXXXXXXXX`,
    /// and `\c` for any other `c`.
    private static func backslashEscaped(_ inner: UnsafeBufferPointer<UInt8>) throws(Unreadable) -> String {
        if !inner.contains(0x5C) { return undoubled(inner) }
        var output: [UInt8] = []
        output.reserveCapacity(inner.count)
        var index = 0
        while index < inner.count {
            let byte = inner[index]
            index += 1
            if byte == UInt8(ascii: "'") {
                output.append(byte)
                if index < inner.count && inner[index] == UInt8(ascii: "'") { index += 1 }
                continue
            }
            guard byte == 0x5C, index < inner.count else {
                output.append(byte)
                continue
            }
            let escaped = inner[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(escaped - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, index < inner.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(inner[index]) {
                    value = value * 8 + Int(inner[index] - UInt8(ascii: "0"))
                    index += 1
                    digits += 1
                }
                output.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "x"):
                var value = 0
                var digits = 0
                while digits < 2, index < inner.count, let digit = hexDigit(inner[index]) {
                    value = value * 16 + digit
                    index += 1
                    digits += 1
                }
                output.append(digits == 0 ? escaped : UInt8(value))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let width = escaped == UInt8(ascii: "u") ? 4 : 8
                guard let scalar = codePoint(inner, at: index, width: width) else {
                    throw Unreadable(reason: "invalid Unicode escape in a string literal")
                }
                index += width
                output.append(contentsOf: String(Character(scalar)).utf8)
            default:
                output.append(escaped)
            }
        }
        guard let value = String(validating: output, as: UTF8.self) else {
            throw Unreadable(reason: "a string literal's escapes do not form valid UTF-8")
        }
        return value
    }

    /// A `U&'..'` body with the default escape character: `\XXXX`, `\+XXXXXX`, `\\`, `''`.
    private static func unicodeEscaped(_ inner: UnsafeBufferPointer<UInt8>) throws(Unreadable) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < inner.count {
            let byte = inner[index]
            index += 1
            if byte == UInt8(ascii: "'") {
                output.append(byte)
                if index < inner.count && inner[index] == UInt8(ascii: "'") { index += 1 }
            } else if byte == 0x5C {
                if index < inner.count && inner[index] == 0x5C {
                    output.append(0x5C)
                    index += 1
                } else {
                    let plus = index < inner.count && inner[index] == UInt8(ascii: "+")
                    let width = plus ? 6 : 4
                    guard let scalar = codePoint(inner, at: plus ? index + 1 : index, width: width) else {
                        throw Unreadable(reason: "invalid Unicode escape in a U& string literal")
                    }
                    index += (plus ? 1 : 0) + width
                    output.append(contentsOf: String(Character(scalar)).utf8)
                }
            } else {
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func codePoint(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, width: Int) -> Unicode.Scalar? {
        guard start + width <= bytes.count else { return nil }
        var value: UInt32 = 0
        for index in start..<(start + width) {
            guard let digit = hexDigit(bytes[index]) else { return nil }
            value = value * 16 + UInt32(digit)
        }
        return Unicode.Scalar(value)
    }

    private static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
