import VeilCore

/// A cursor over a statement's tokens with the small parsing steps the dump parsers share: keywords,
/// identifiers, qualified names, parenthesised lists.
struct TokenCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let tokens: [SQLToken]
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, tokens: [SQLToken]) {
        self.bytes = bytes
        self.tokens = tokens
    }

    var isAtEnd: Bool { index >= tokens.count || isSymbol(";") && index == tokens.count - 1 }
    var current: SQLToken? { index < tokens.count ? tokens[index] : nil }

    func token(at offset: Int) -> SQLToken? {
        let position = index + offset
        return position < tokens.count ? tokens[position] : nil
    }

    // MARK: - Tests

    /// True when the token at `offset` is the unquoted keyword `word` (lower-case literal).
    func isWord(_ word: StaticString, at offset: Int = 0) -> Bool {
        guard let token = token(at: offset), token.kind == .word else { return false }
        return StatementLexer.equalsLowercase(UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), word)
    }

    func isSymbol(_ symbol: Unicode.Scalar, at offset: Int = 0) -> Bool {
        token(at: offset)?.kind == .symbol(UInt8(ascii: symbol))
    }

    /// True when the next tokens are the given keywords, in order.
    func isWords(_ words: StaticString...) -> Bool {
        words.enumerated().allSatisfy { isWord($0.element, at: $0.offset) }
    }

    // MARK: - Consuming

    /// Consumes `word` if it is next.
    mutating func accept(_ word: StaticString) -> Bool {
        guard isWord(word) else { return false }
        index += 1
        return true
    }

    /// Consumes the keywords if they are all next.
    mutating func accept(_ words: StaticString...) -> Bool {
        guard words.enumerated().allSatisfy({ isWord($0.element, at: $0.offset) }) else { return false }
        index += words.count
        return true
    }

    mutating func acceptSymbol(_ symbol: Unicode.Scalar) -> Bool {
        guard isSymbol(symbol) else { return false }
        index += 1
        return true
    }

    /// Consumes one identifier (unquoted, folded to lower case, or quoted) and returns its name.
    mutating func identifier() -> String? {
        guard let token = current, let name = identifierValue(token) else { return nil }
        index += 1
        return name
    }

    /// Consumes `name`, `schema.name` or `catalog.schema.name`.
    mutating func qualifiedName(defaultSchema: String) -> TableName? {
        guard let first = identifier() else { return nil }
        var parts = [first]
        while isSymbol("."), let next = token(at: 1), identifierValue(next) != nil {
            index += 1
            parts.append(identifier()!)
        }
        if parts.count == 1 { return TableName(schema: defaultSchema, name: parts[0]) }
        return TableName(schema: parts[parts.count - 2], name: parts[parts.count - 1])
    }

    /// Consumes `( a, b, ... )` of plain identifiers.
    mutating func identifierList() -> [String]? {
        let saved = index
        guard acceptSymbol("(") else { return nil }
        var names: [String] = []
        while true {
            guard let name = identifier() else {
                index = saved
                return nil
            }
            names.append(name)
            if acceptSymbol(",") { continue }
            if acceptSymbol(")") { return names }
            index = saved
            return nil
        }
    }

    /// The column an index or partition key element names when it is a plain column: an identifier followed only
    /// by words (a collation, an operator class, `ASC`/`DESC`, `NULLS FIRST/LAST`), never by `(` (a function call),
    /// `.` or an operator; nil for an expression.
    func plainKeyColumn() -> String? {
        guard let first = current, first.kind == .word || first.kind == .quotedIdentifier,
            let column = identifierValue(first)
        else { return nil }
        let rest = tokens[(index + 1)...]
        return rest.allSatisfy { $0.kind == .word || $0.kind == .quotedIdentifier } ? column : nil
    }

    /// Moves to the next place, outside parentheses, where the keywords `words` come in order, and returns true;
    /// false (at the end) when they do not come.
    mutating func seekTopLevel(_ words: StaticString...) -> Bool {
        while current != nil {
            if words.enumerated().allSatisfy({ isWord($0.element, at: $0.offset) }) { return true }
            if isSymbol("("), let close = closingParenthesis(of: index) {
                index = close + 1
            } else {
                index += 1
            }
        }
        return false
    }

    /// Consumes a balanced `( ... )` group if one is next.
    mutating func skipParenthesized() {
        guard isSymbol("(") else { return }
        var depth = 0
        while let token = current {
            index += 1
            if token.kind == .symbol(UInt8(ascii: "(")) { depth += 1 }
            if token.kind == .symbol(UInt8(ascii: ")")) {
                depth -= 1
                if depth == 0 { return }
            }
        }
    }

    /// The index of the `)` that closes the `(` at `open`, or nil.
    func closingParenthesis(of open: Int) -> Int? {
        var depth = 0
        for position in open..<tokens.count {
            switch tokens[position].kind {
            case .symbol(UInt8(ascii: "(")): depth += 1
            case .symbol(UInt8(ascii: ")")):
                depth -= 1
                if depth == 0 { return position }
            default: break
            }
        }
        return nil
    }

    // MARK: - Values

    /// The name an identifier token stands for: unquoted names fold ASCII letters to lower case, quoted names
    /// lose their quotes and `""` doubling. Nil for tokens that are not identifiers.
    func identifierValue(_ token: SQLToken) -> String? {
        switch token.kind {
        case .word:
            let word = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
            guard word.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else {
                return String(decoding: word, as: UTF8.self)
            }
            return String(decoding: word.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        case .quotedIdentifier:
            let openQuote = bytes[token.start] == UInt8(ascii: "\"") ? token.start : token.start + 2
            let inner = bytes[(openQuote + 1)..<max(openQuote + 1, token.end - 1)]
            var unescaped: [UInt8] = []
            unescaped.reserveCapacity(inner.count)
            var position = inner.startIndex
            while position < inner.endIndex {
                unescaped.append(inner[position])
                let isDoubled =
                    inner[position] == UInt8(ascii: "\"") && position + 1 < inner.endIndex
                    && inner[position + 1] == UInt8(ascii: "\"")
                position += isDoubled ? 2 : 1
            }
            return String(decoding: unescaped, as: UTF8.self)
        default:
            return nil
        }
    }

    /// The raw text of tokens `from...to`, exactly as written (including the whitespace between them).
    func text(from: Int, through: Int) -> String {
        guard from <= through, through < tokens.count else { return "" }
        return String(
            decoding: UnsafeBufferPointer(rebasing: bytes[tokens[from].start..<tokens[through].end]), as: UTF8.self)
    }

    /// Consumes `( ... )` and returns the text between the parentheses and the identifiers inside it (the
    /// column names a CHECK expression may mention); `nil` when no parenthesis is next.
    mutating func parenthesizedExpression() -> (text: String, identifiers: Set<String>)? {
        guard isSymbol("("), let close = closingParenthesis(of: index) else { return nil }
        let open = index
        var identifiers: Set<String> = []
        for position in (open + 1)..<close {
            let token = tokens[position]
            if token.kind == .word || token.kind == .quotedIdentifier, let name = identifierValue(token) {
                identifiers.insert(name)
            }
        }
        index = close + 1
        return (text(from: open + 1, through: close - 1), identifiers)
    }

    /// The raw text of one token.
    func text(_ token: SQLToken) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
    }
}
