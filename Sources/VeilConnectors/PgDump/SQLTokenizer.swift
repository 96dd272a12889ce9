/// One token of a complete SQL statement, as a byte range of the statement.
struct SQLToken: Equatable {
    enum Kind: Equatable {
        /// An unquoted identifier or keyword.
        case word
        /// `"..."` (or `U&"..."`).
        case quotedIdentifier
        /// A string literal; `prefix` is its letter prefix, lower-cased (`e`, `b`, `x`, `n`, `u&`), or empty.
        case string(prefix: StringPrefix)
        case dollarString
        case number
        /// `$1`
        case parameter
        /// `::`
        case cast
        /// Any other single byte: `( ) , ; . [ ] + - =` and the like.
        case symbol(UInt8)
    }

    enum StringPrefix: Equatable { case none, escape, bit, hex, national, unicode }

    var kind: Kind
    var start: Int
    var end: Int

    var length: Int { end - start }
}

/// Splits one complete statement (the bytes the ``StatementLexer`` delimited) into tokens, skipping
/// whitespace and comments.
struct SQLTokenizer {
    let bytes: UnsafeBufferPointer<UInt8>
    let standardConformingStrings: Bool
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, standardConformingStrings: Bool) {
        self.bytes = bytes
        self.standardConformingStrings = standardConformingStrings
    }

    /// All tokens of the statement.
    static func tokens(_ bytes: UnsafeBufferPointer<UInt8>, standardConformingStrings: Bool) -> [SQLToken] {
        var tokenizer = SQLTokenizer(bytes, standardConformingStrings: standardConformingStrings)
        var tokens: [SQLToken] = []
        tokens.reserveCapacity(bytes.count / 4 + 4)
        while let token = tokenizer.next() { tokens.append(token) }
        return tokens
    }

    /// The next token, or nil at the end.
    mutating func next() -> SQLToken? {
        skipSpaceAndComments()
        guard index < bytes.count else { return nil }
        let start = index
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "'"):
            index += 1
            skipQuoted(escapes: !standardConformingStrings)
            return SQLToken(kind: .string(prefix: .none), start: start, end: index)
        case UInt8(ascii: "\""):
            index += 1
            skipQuotedIdentifier()
            return SQLToken(kind: .quotedIdentifier, start: start, end: index)
        case UInt8(ascii: "$"):
            return dollarOrParameter(start)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            skipNumber()
            return SQLToken(kind: .number, start: start, end: index)
        case UInt8(ascii: "."):
            if index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                skipNumber()
                return SQLToken(kind: .number, start: start, end: index)
            }
            index += 1
            return SQLToken(kind: .symbol(byte), start: start, end: index)
        case UInt8(ascii: ":"):
            if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: ":") {
                index += 2
                return SQLToken(kind: .cast, start: start, end: index)
            }
            index += 1
            return SQLToken(kind: .symbol(byte), start: start, end: index)
        case _ where StatementLexer.isIdentifierStart(byte):
            return wordOrPrefixedLiteral(start)
        default:
            index += 1
            return SQLToken(kind: .symbol(byte), start: start, end: index)
        }
    }

    private mutating func wordOrPrefixedLiteral(_ start: Int) -> SQLToken {
        index += 1
        while index < bytes.count && StatementLexer.isIdentifierPart(bytes[index]) { index += 1 }
        let length = index - start
        let first = bytes[start] | 0x20
        if length == 1 && index < bytes.count && bytes[index] == UInt8(ascii: "'") {
            let prefix: SQLToken.StringPrefix? =
                switch first {
                case UInt8(ascii: "e"): .escape
                case UInt8(ascii: "b"): .bit
                case UInt8(ascii: "x"): .hex
                case UInt8(ascii: "n"): .national
                default: nil
                }
            if let prefix {
                index += 1
                skipQuoted(
                    escapes: prefix == .escape || (prefix != .bit && prefix != .hex && !standardConformingStrings))
                return SQLToken(kind: .string(prefix: prefix), start: start, end: index)
            }
        }
        if length == 1 && first == UInt8(ascii: "u") && index + 1 < bytes.count && bytes[index] == UInt8(ascii: "&") {
            if bytes[index + 1] == UInt8(ascii: "'") {
                index += 2
                skipQuoted(escapes: false)
                return SQLToken(kind: .string(prefix: .unicode), start: start, end: index)
            }
            if bytes[index + 1] == UInt8(ascii: "\"") {
                index += 2
                skipQuotedIdentifier()
                return SQLToken(kind: .quotedIdentifier, start: start, end: index)
            }
        }
        return SQLToken(kind: .word, start: start, end: index)
    }

    private mutating func dollarOrParameter(_ start: Int) -> SQLToken {
        if index + 1 < bytes.count && isDigit(bytes[index + 1]) {
            index += 1
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
            return SQLToken(kind: .parameter, start: start, end: index)
        }
        guard let base = bytes.baseAddress,
            case .found(let tagEnd) = StatementLexer.dollarDelimiterEnd(base, at: index, count: bytes.count)
        else {
            index += 1
            return SQLToken(kind: .symbol(UInt8(ascii: "$")), start: start, end: index)
        }
        let tag = UnsafeBufferPointer(rebasing: bytes[start..<tagEnd])
        index = tagEnd
        while let dollar = base.firstIndex(of: UInt8(ascii: "$"), from: index, to: bytes.count) {
            if dollar + tag.count <= bytes.count && base.bytesEqual(at: dollar, tag.baseAddress!, count: tag.count) {
                index = dollar + tag.count
                return SQLToken(kind: .dollarString, start: start, end: index)
            }
            index = dollar + 1
        }
        index = bytes.count
        return SQLToken(kind: .dollarString, start: start, end: index)
    }

    private mutating func skipQuoted(escapes: Bool) {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "'") {
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "'") {
                    index += 2
                    continue
                }
                index += 1
                return
            }
            index += (escapes && byte == 0x5C) ? 2 : 1
        }
        index = bytes.count
    }

    private mutating func skipQuotedIdentifier() {
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\"") {
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                    index += 2
                    continue
                }
                index += 1
                return
            }
            index += 1
        }
    }

    /// Digits, an optional fraction and exponent: `12`, `1.5`, `.5`, `1e-3`.
    private mutating func skipNumber() {
        while index < bytes.count && (isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_")) { index += 1 }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".")
            && !(index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "."))
        {
            index += 1
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            var cursor = index + 1
            if cursor < bytes.count && (bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-")) {
                cursor += 1
            }
            if cursor < bytes.count && isDigit(bytes[cursor]) {
                index = cursor
                while index < bytes.count && isDigit(bytes[index]) { index += 1 }
            }
        }
    }

    private mutating func skipSpaceAndComments() {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                index += 1
            } else if byte == UInt8(ascii: "-") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-") {
                while index < bytes.count && bytes[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*") {
                var depth = 1
                index += 2
                while index < bytes.count && depth > 0 {
                    if bytes[index] == UInt8(ascii: "*") && index + 1 < bytes.count
                        && bytes[index + 1] == UInt8(ascii: "/")
                    {
                        depth -= 1
                        index += 2
                    } else if bytes[index] == UInt8(ascii: "/") && index + 1 < bytes.count
                        && bytes[index + 1] == UInt8(ascii: "*")
                    {
                        depth += 1
                        index += 2
                    } else {
                        index += 1
                    }
                }
            } else {
                return
            }
        }
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
