/// Finds the anchors (`&name`), aliases (`*name`) and explicit tags (`!!binary`, `!name`) of YAML text without
/// building a node tree, so that text using them is refused before an alias can expand. Nine anchors of nine aliases
/// each ("billion laughs") make 9^9 nodes from a few hundred bytes; composing such a tree, hashing an alias used as a
/// map key, or walking it takes minutes and gigabytes.
///
/// It follows libyaml's scanner (the one under Yams) token by token — flow levels, block indentation, simple keys,
/// quoted, block and plain scalars, tags, comments, directives and document markers — so a `&` or `*` inside a
/// quoted string, a comment, a block scalar or a plain scalar (`price * 2`) is not taken for one. Where libyaml
/// stops with an error, scanning stops too: nothing past that point is ever composed. It reads UTF-8 bytes, as
/// libyaml does; positions are 1-based lines and columns counted in Unicode scalars, as libyaml counts them.
struct YAMLPropertyScanner {
    /// An anchor, alias or tag, where libyaml would read one.
    struct Occurrence: Sendable, Hashable {
        enum Kind: Sendable, Hashable {
            case anchor
            case alias
            case tag
        }

        var kind: Kind
        var line: Int
        var column: Int
    }

    /// Every anchor, alias and tag of `text`, in order, up to the first point where libyaml would report an error.
    static func occurrences(in text: String) -> [Occurrence] {
        var scanner = YAMLPropertyScanner(bytes: Array(text.utf8))
        scanner.run()
        return scanner.found
    }

    /// A place where a simple (one-line) mapping key may start; one per flow level, as in libyaml.
    private struct SimpleKey {
        var possible = false
        var required = false
        var index = 0
        var line = 0
        var column = 0
    }

    private let bytes: [UInt8]
    /// The byte offset of the next character.
    private var offset = 0
    /// Characters read so far (a CR LF counts two), as libyaml's `mark.index` counts them.
    private var index = 0
    private var line = 0
    private var column = 0
    private var flowLevel = 0
    private var indent = -1
    private var indents: [Int] = []
    private var simpleKeys = [SimpleKey()]
    private var simpleKeyAllowed = true
    private var found: [Occurrence] = []

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: Tokens

    /// Fetches tokens until the end of the text or the first scanner error.
    private mutating func run() {
        while true {
            guard scanToNextToken(), staleSimpleKeys() else { return }
            unrollIndent(to: column)
            guard let next = peek() else { return }
            if !fetchToken(startingWith: next) { return }
        }
    }

    /// One token, chosen by its first character exactly as `yaml_parser_fetch_next_token` does; `false` on a
    /// scanner error.
    private mutating func fetchToken(startingWith next: UInt8) -> Bool {
        if column == 0 && next == Byte.percent { return directive() }
        if column == 0 && isDocumentIndicator() { return documentIndicator() }
        switch next {
        case Byte.openBracket, Byte.openBrace: return flowCollectionStart()
        case Byte.closeBracket, Byte.closeBrace: return flowCollectionEnd()
        case Byte.comma: return flowEntry()
        case Byte.dash where isBlankOrEnd(at: 1): return blockIndicator(simpleKeyAfter: true)
        case Byte.question where flowLevel > 0 || isBlankOrEnd(at: 1):
            return blockIndicator(simpleKeyAfter: flowLevel == 0)
        case Byte.colon where flowLevel > 0 || isBlankOrEnd(at: 1): return value()
        case Byte.asterisk: return anchorOrAlias(.alias)
        case Byte.ampersand: return anchorOrAlias(.anchor)
        case Byte.exclamation: return tag()
        case Byte.pipe where flowLevel == 0: return blockScalar()
        case Byte.greaterThan where flowLevel == 0: return blockScalar()
        case Byte.singleQuote: return quotedScalar(single: true)
        case Byte.doubleQuote: return quotedScalar(single: false)
        default: return canStartPlainScalar(next) && plainScalar()
        }
    }

    private func canStartPlainScalar(_ next: UInt8) -> Bool {
        if !isBlankOrEnd(at: 0) && !Byte.isIndicator(next) { return true }
        if next == Byte.dash && !isBlank(peek(1)) { return true }
        return flowLevel == 0 && (next == Byte.question || next == Byte.colon) && !isBlankOrEnd(at: 1)
    }

    /// Skips spaces, comments and line breaks (tabs only where libyaml allows them).
    private mutating func scanToNextToken() -> Bool {
        while true {
            if column == 0 && peek() == Byte.byteOrderMark && peek(1) == 0xBB && peek(2) == 0xBF { advance() }
            while let next = peek(), next == Byte.space || ((flowLevel > 0 || !simpleKeyAllowed) && next == Byte.tab) {
                advance()
            }
            if peek() == Byte.hash {
                skipToLineEnd()
            }
            guard isBreak(at: 0) else { return true }
            advance()
            if flowLevel == 0 { simpleKeyAllowed = true }
        }
    }

    private mutating func directive() -> Bool {
        unrollIndent(to: -1)
        guard removeSimpleKey() else { return false }
        simpleKeyAllowed = false
        // libyaml's directive scanner takes the line break too, without allowing a simple key after it.
        skipToLineEnd()
        if peek() != nil { advance() }
        return true
    }

    private mutating func documentIndicator() -> Bool {
        unrollIndent(to: -1)
        guard removeSimpleKey() else { return false }
        simpleKeyAllowed = false
        advance(by: 3)
        return true
    }

    private mutating func flowCollectionStart() -> Bool {
        guard saveSimpleKey() else { return false }
        simpleKeys.append(SimpleKey())
        flowLevel += 1
        simpleKeyAllowed = true
        advance()
        return true
    }

    private mutating func flowCollectionEnd() -> Bool {
        guard removeSimpleKey() else { return false }
        if flowLevel > 0 {
            flowLevel -= 1
            simpleKeys.removeLast()
        }
        simpleKeyAllowed = false
        advance()
        return true
    }

    private mutating func flowEntry() -> Bool {
        guard removeSimpleKey() else { return false }
        simpleKeyAllowed = true
        advance()
        return true
    }

    /// `- ` (a block sequence entry) or `? ` (a complex key): in a block, allowed only where a simple key could
    /// start, and opening a collection at this column; after it a simple key may start (after `?`, only in a block).
    private mutating func blockIndicator(simpleKeyAfter: Bool) -> Bool {
        if flowLevel == 0 {
            guard simpleKeyAllowed else { return false }
            rollIndent(to: column)
        }
        guard removeSimpleKey() else { return false }
        simpleKeyAllowed = simpleKeyAfter
        advance()
        return true
    }

    /// `:` — a block mapping starts at the column of the simple key before it, if there is one.
    private mutating func value() -> Bool {
        if simpleKeys[simpleKeys.count - 1].possible {
            rollIndent(to: simpleKeys[simpleKeys.count - 1].column)
            simpleKeys[simpleKeys.count - 1].possible = false
            simpleKeyAllowed = false
        } else {
            if flowLevel == 0 {
                guard simpleKeyAllowed else { return false }
                rollIndent(to: column)
            }
            simpleKeyAllowed = flowLevel == 0
        }
        advance()
        return true
    }

    private mutating func anchorOrAlias(_ kind: Occurrence.Kind) -> Bool {
        found.append(Occurrence(kind: kind, line: line + 1, column: column + 1))
        guard saveSimpleKey() else { return false }
        simpleKeyAllowed = false
        advance()
        var length = 0
        while let next = peek(), Self.isAnchorCharacter(next) {
            advance()
            length += 1
        }
        guard length > 0 else { return false }
        guard let after = peek(), !isBlankOrEnd(at: 0) else { return true }
        let ends = [Byte.question, Byte.colon, Byte.comma, Byte.closeBracket, Byte.closeBrace, Byte.percent, Byte.at]
        return ends.contains(after) || after == Byte.backtick
    }

    /// `!tag`, `!!tag`, `!handle!suffix` or `!<verbatim>`: libyaml requires a blank (or `,` in a flow) after it.
    private mutating func tag() -> Bool {
        found.append(Occurrence(kind: .tag, line: line + 1, column: column + 1))
        guard saveSimpleKey() else { return false }
        simpleKeyAllowed = false
        if peek(1) == Byte.lessThan {
            advance(by: 2)
            while peek() != Byte.greaterThan && !isBlankOrEnd(at: 0) { advance() }
            guard peek() == Byte.greaterThan else { return false }
            advance()
        } else {
            advance()
            while !isBlankOrEnd(at: 0) && !(flowLevel > 0 && peek() == Byte.comma) { advance() }
        }
        return isBlankOrEnd(at: 0) || (flowLevel > 0 && peek() == Byte.comma)
    }

    /// `|` or `>` with its header, then every line indented at least as far as the scalar's content.
    private mutating func blockScalar() -> Bool {
        guard removeSimpleKey() else { return false }
        simpleKeyAllowed = true
        advance()
        // The header: an optional chomping indicator and an optional indentation digit (1-9), in either order.
        var increment = 0
        if peek() == Byte.plus || peek() == Byte.dash {
            advance()
            if let digit = digitValue(peek()) {
                guard digit > 0 else { return false }
                increment = digit
                advance()
            }
        } else if let digit = digitValue(peek()) {
            guard digit > 0 else { return false }
            increment = digit
            advance()
            if peek() == Byte.plus || peek() == Byte.dash { advance() }
        }
        while isBlank(peek()) { advance() }
        if peek() == Byte.hash {
            skipToLineEnd()
        }
        guard isBreakOrEnd(at: 0) else { return false }
        if peek() != nil { advance() }
        var blockIndent = increment > 0 ? (indent >= 0 ? indent + increment : increment) : 0
        guard blockScalarBreaks(indent: &blockIndent) else { return false }
        while column == blockIndent, peek() != nil {
            skipToLineEnd()
            if peek() != nil { advance() }
            guard blockScalarBreaks(indent: &blockIndent) else { return false }
        }
        return true
    }

    /// Empty and indentation-only lines; settles the content indentation when the header did not give it.
    private mutating func blockScalarBreaks(indent blockIndent: inout Int) -> Bool {
        var maximumIndent = 0
        while true {
            while blockIndent == 0 || column < blockIndent, peek() == Byte.space { advance() }
            maximumIndent = max(maximumIndent, column)
            if blockIndent == 0 || column < blockIndent, peek() == Byte.tab { return false }
            guard isBreak(at: 0) else { break }
            advance()
        }
        if blockIndent == 0 { blockIndent = max(maximumIndent, indent + 1, 1) }
        return true
    }

    /// `'...'` (with `''` for a quote) or `"..."` (with backslash escapes), over any number of lines.
    private mutating func quotedScalar(single: Bool) -> Bool {
        guard saveSimpleKey() else { return false }
        simpleKeyAllowed = false
        let quote = single ? Byte.singleQuote : Byte.doubleQuote
        advance()
        while true {
            if column == 0 && isDocumentIndicator() { return false }
            guard let next = peek() else { return false }
            if single && next == Byte.singleQuote && peek(1) == Byte.singleQuote {
                advance(by: 2)
            } else if next == quote {
                advance()
                return true
            } else if !single && next == Byte.backslash {
                advance(by: 2)
            } else {
                advance()
            }
        }
    }

    /// A plain scalar, over several lines while they are indented past the enclosing block (or inside a flow).
    private mutating func plainScalar() -> Bool {
        guard saveSimpleKey() else { return false }
        simpleKeyAllowed = false
        let minimumIndent = indent + 1
        var leadingBlanks = false
        while true {
            if column == 0 && isDocumentIndicator() { break }
            if peek() == Byte.hash { break }
            while !isBlankOrEnd(at: 0), let next = peek() {
                // libyaml refuses a `:` followed by a flow indicator inside a flow plain scalar.
                if flowLevel > 0 && next == Byte.colon, let after = peek(1),
                    after == Byte.question || Byte.isFlowIndicator(after)
                {
                    return false
                }
                if next == Byte.colon && isBlankOrEnd(at: 1) { break }
                if flowLevel > 0 && Byte.isFlowIndicator(next) { break }
                leadingBlanks = false
                advance()
                skipOrdinaryText()
            }
            guard isBlank(peek()) || isBreak(at: 0) else { break }
            while let next = peek(), isBlank(next) || isBreak(at: 0) {
                if isBlank(next) {
                    if leadingBlanks && column < minimumIndent && next == Byte.tab { return false }
                } else {
                    leadingBlanks = true
                }
                advance()
            }
            if flowLevel == 0 && column < minimumIndent { break }
        }
        if leadingBlanks { simpleKeyAllowed = true }
        return true
    }

    // MARK: Simple keys and indentation

    private mutating func staleSimpleKeys() -> Bool {
        for position in simpleKeys.indices where simpleKeys[position].possible {
            let key = simpleKeys[position]
            guard key.line < line || key.index + 1024 < index else { continue }
            if key.required { return false }
            simpleKeys[position].possible = false
        }
        return true
    }

    private mutating func saveSimpleKey() -> Bool {
        guard simpleKeyAllowed else { return true }
        let required = flowLevel == 0 && indent == column
        guard removeSimpleKey() else { return false }
        simpleKeys[simpleKeys.count - 1] = SimpleKey(
            possible: true, required: required, index: index, line: line, column: column)
        return true
    }

    private mutating func removeSimpleKey() -> Bool {
        let last = simpleKeys.count - 1
        if simpleKeys[last].possible && simpleKeys[last].required { return false }
        simpleKeys[last].possible = false
        return true
    }

    private mutating func rollIndent(to newIndent: Int) {
        guard flowLevel == 0, indent < newIndent else { return }
        indents.append(indent)
        indent = newIndent
    }

    private mutating func unrollIndent(to newIndent: Int) {
        guard flowLevel == 0 else { return }
        while indent > newIndent { indent = indents.removeLast() }
    }

    // MARK: Characters

    /// The byte `ahead` bytes on; `nil` at the end of the text or at a NUL, where libyaml's input ends. Every caller
    /// looks past ASCII indicators only, so bytes ahead are characters ahead.
    private func peek(_ ahead: Int = 0) -> UInt8? {
        let position = offset + ahead
        guard position < bytes.count, bytes[position] != 0 else { return nil }
        return bytes[position]
    }

    /// Moves past `count` characters; a line break (CR LF counts as one) starts the next line.
    private mutating func advance(by count: Int = 1) {
        for _ in 0..<count {
            guard let next = peek() else { return }
            if next == Byte.carriageReturn && peek(1) == Byte.lineFeed {
                offset += 2
                index += 2
                line += 1
                column = 0
                continue
            }
            let isBreak = isBreak(at: 0)
            offset += Self.width(of: next)
            index += 1
            if isBreak {
                line += 1
                column = 0
            } else {
                column += 1
            }
        }
    }

    /// Moves to the next line break or the end: the rest of a comment, a directive or a block scalar's line.
    private mutating func skipToLineEnd() {
        skipCharacters { byte in byte != 0x0A && byte != 0x0D && byte != 0xC2 && byte != 0xE2 }
        while peek() != nil && !isBreak(at: 0) {
            advance()
            skipCharacters { byte in byte != 0x0A && byte != 0x0D && byte != 0xC2 && byte != 0xE2 }
        }
    }

    /// Moves past text that can neither end a plain scalar nor a line: no blank, break, `:`, `#`, flow indicator or
    /// control character. Long values (a pasted megabyte) cross it in one tight loop.
    private mutating func skipOrdinaryText() {
        skipCharacters { byte in
            byte > 0x20 && byte != 0x3A && byte != 0x23 && byte != 0x2C && byte != 0x5B && byte != 0x5D
                && byte != 0x7B && byte != 0x7D && byte != 0xC2 && byte != 0xE2
        }
    }

    /// Moves past bytes while `ordinary` says so of each lead byte (continuation bytes go with their lead byte);
    /// a byte it refuses, a NUL or the end stops it. Never crosses a line break: callers refuse CR, LF, and the
    /// lead bytes of NEL, LS and PS (0xC2, 0xE2).
    private mutating func skipCharacters(while ordinary: (UInt8) -> Bool) {
        let (end, characters) = bytes.withUnsafeBufferPointer { buffer -> (Int, Int) in
            var position = offset
            var characters = 0
            while position < buffer.count {
                let byte = buffer[position]
                if byte & 0xC0 != 0x80 {
                    guard byte != 0, ordinary(byte) else { break }
                    characters += 1
                }
                position += 1
            }
            return (position, characters)
        }
        offset = end
        index += characters
        column += characters
    }

    /// Bytes in the UTF-8 sequence a lead byte starts (1 for a stray continuation byte, which cannot occur in a
    /// Swift string).
    private static func width(of lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    private func isDocumentIndicator() -> Bool {
        guard let first = peek(), first == Byte.dash || first == Byte.dot else { return false }
        return peek(1) == first && peek(2) == first && isBlankOrEnd(at: 3)
    }

    private func isBlank(_ byte: UInt8?) -> Bool { byte == Byte.space || byte == Byte.tab }

    private func isBlankOrEnd(at ahead: Int) -> Bool {
        guard let byte = peek(ahead) else { return true }
        return byte == Byte.space || byte == Byte.tab || isBreak(at: ahead)
    }

    private func isBreakOrEnd(at ahead: Int) -> Bool {
        peek(ahead) == nil || isBreak(at: ahead)
    }

    /// LF, CR, and the UTF-8 forms of NEL (U+0085), LS (U+2028) and PS (U+2029), as libyaml's `IS_BREAK`.
    private func isBreak(at ahead: Int) -> Bool {
        guard let byte = peek(ahead) else { return false }
        if byte == Byte.lineFeed || byte == Byte.carriageReturn { return true }
        if byte == 0xC2 { return peek(ahead + 1) == 0x85 }
        if byte == 0xE2 { return peek(ahead + 1) == 0x80 && (peek(ahead + 2) == 0xA8 || peek(ahead + 2) == 0xA9) }
        return false
    }

    /// libyaml's `IS_ALPHA`: ASCII letters and digits, `_` and `-`.
    private static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == Byte.underscore || byte == Byte.dash
    }

    private func digitValue(_ byte: UInt8?) -> Int? {
        guard let byte, byte >= 0x30 && byte <= 0x39 else { return nil }
        return Int(byte - 0x30)
    }
}

/// The ASCII bytes YAML's syntax is made of.
private enum Byte {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let exclamation: UInt8 = 0x21
    static let doubleQuote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let percent: UInt8 = 0x25
    static let ampersand: UInt8 = 0x26
    static let singleQuote: UInt8 = 0x27
    static let asterisk: UInt8 = 0x2A
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let dash: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let lessThan: UInt8 = 0x3C
    static let greaterThan: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let at: UInt8 = 0x40
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let underscore: UInt8 = 0x5F
    static let backtick: UInt8 = 0x60
    static let openBrace: UInt8 = 0x7B
    static let pipe: UInt8 = 0x7C
    static let closeBrace: UInt8 = 0x7D
    /// The first byte of U+FEFF, the byte order mark (EF BB BF).
    static let byteOrderMark: UInt8 = 0xEF

    /// Characters a plain scalar cannot start with (libyaml's list).
    static func isIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case dash, question, colon, comma, openBracket, closeBracket, openBrace, closeBrace, hash, ampersand, asterisk,
            exclamation, pipe, greaterThan, singleQuote, doubleQuote, percent, at, backtick:
            return true
        default:
            return false
        }
    }

    /// Flow indicators that end a plain scalar inside a flow collection.
    static func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == comma || byte == openBracket || byte == closeBracket || byte == openBrace || byte == closeBrace
    }
}
