/// Finds where a SQL statement ends, the way psql does when it runs a dump file.
///
/// A `;` ends a statement only outside string literals (`'..'` with `''` doubling; `E'..'`, and every
/// `'..'` when `standard_conforming_strings` is off, also with backslash escapes), quoted identifiers,
/// dollar quotes (`$$`, `$tag$`), `--` and nested `/* */` comments, outside parentheses, and outside a
/// `BEGIN ... END` body of `CREATE [OR REPLACE] FUNCTION|PROCEDURE` (psql's own heuristic, copied from
/// `psqlscan.l`).
///
/// The lexer is resumable: `scan` stops with `.needMore` at the end of the bytes it was given and continues
/// from there once the caller has made more bytes available. Offsets are relative to the statement's start.
struct StatementLexer {
    enum Mode: Equatable {
        case normal
        case quote(escapes: Bool)
        case quotedIdentifier
        case dollar
        case blockComment
        case lineComment
    }

    enum Outcome: Equatable {
        /// The statement ends just before this offset (one past its `;`).
        case end(Int)
        /// The bytes ran out mid-statement; call again with more.
        case needMore
        /// The input ended without a `;`; `mode` tells what was left open.
        case endOfInput
    }

    /// What pg_dump never writes in a statement outside its literals, quoted identifiers and dollar quotes, but
    /// COPY data and psql meta-commands do: offsets of the first of each, if any.
    struct Irregularities: Equatable {
        /// The first tab after other text on its line. pg_dump indents some lines with a tab (a domain's
        /// `CONSTRAINT`, the rows of a multi-row `INSERT`), but COPY data separates its fields with them.
        var tab: Int?
        /// The first backslash: psql would read it as a meta-command.
        var backslash: Int?
        /// The first `--` comment after the statement's first word: pg_dump writes its comments between
        /// statements, so one inside a statement is a statement that lost its `;`.
        var lineComment: Int?
        /// The first control character other than a tab, line feed, carriage return or form feed (a NUL, a
        /// vertical tab, DEL...): pg_dump writes them only inside literals, so one here is damaged text.
        var controlCharacter: Int?
    }

    var standardConformingStrings = true
    private(set) var irregularities = Irregularities()
    private(set) var mode: Mode = .normal
    /// Offset where the open literal, identifier, dollar quote or comment began.
    private(set) var constructStart = 0
    /// True once the statement holds something other than whitespace and comments.
    private(set) var hasContent = false
    private var position = 0
    private var commentDepth = 0
    private var dollarTag: [UInt8] = []
    private var parenDepth = 0
    private var beginDepth = 0
    private var identifierCount = 0
    private var leadingWords: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)

    /// Starts a new statement at offset 0.
    mutating func reset() {
        mode = .normal
        irregularities = Irregularities()
        constructStart = 0
        hasContent = false
        position = 0
        commentDepth = 0
        dollarTag.removeAll(keepingCapacity: true)
        parenDepth = 0
        beginDepth = 0
        identifierCount = 0
        leadingWords = (0, 0, 0, 0)
    }

    /// Scans `bytes[position..<count]`. `isFinal` says no byte will ever follow `count`.
    mutating func scan(_ bytes: UnsafePointer<UInt8>, count: Int, isFinal: Bool) -> Outcome {
        var index = position
        while index < count {
            switch mode {
            case .normal:
                switch scanNormal(bytes, from: &index, count: count, isFinal: isFinal) {
                case .some(let outcome):
                    position = index
                    return outcome
                case .none:
                    continue
                }
            case .quote(let escapes):
                if !scanQuote(bytes, from: &index, count: count, isFinal: isFinal, escapes: escapes) {
                    position = index
                    return .needMore
                }
            case .quotedIdentifier:
                if !scanQuotedIdentifier(bytes, from: &index, count: count, isFinal: isFinal) {
                    position = index
                    return .needMore
                }
            case .dollar:
                if !scanDollar(bytes, from: &index, count: count, isFinal: isFinal) {
                    position = index
                    return .needMore
                }
            case .blockComment:
                if !scanBlockComment(bytes, from: &index, count: count, isFinal: isFinal) {
                    position = index
                    return .needMore
                }
            case .lineComment:
                if let newline = bytes.firstIndex(of: 0x0A, from: index, to: count) {
                    mode = .normal
                    index = newline + 1
                } else {
                    index = count
                }
            }
        }
        position = index
        return isFinal ? .endOfInput : .needMore
    }

    // MARK: - Modes

    /// Handles one token in normal mode. Returns an outcome to stop, or nil to continue at `index`.
    private mutating func scanNormal(
        _ bytes: UnsafePointer<UInt8>, from index: inout Int, count: Int, isFinal: Bool
    ) -> Outcome? {
        let byte = bytes[index]
        switch byte {
        case 0x20, 0x0A, 0x0D, 0x0C:
            index += 1
        case 0x09:
            if irregularities.tab == nil && !Self.isIndentation(bytes, before: index) { irregularities.tab = index }
            index += 1
        case 0x5C:
            if irregularities.backslash == nil { irregularities.backslash = index }
            hasContent = true
            index += 1
        case UInt8(ascii: "'"):
            hasContent = true
            mode = .quote(escapes: !standardConformingStrings)
            constructStart = index
            index += 1
        case UInt8(ascii: "\""):
            hasContent = true
            mode = .quotedIdentifier
            constructStart = index
            index += 1
        case UInt8(ascii: "-"), UInt8(ascii: "/"):
            guard index + 1 < count else {
                if !isFinal { return .needMore }
                hasContent = true
                index += 1
                return nil
            }
            let next = bytes[index + 1]
            if byte == UInt8(ascii: "-") && next == UInt8(ascii: "-") {
                if irregularities.lineComment == nil && hasContent { irregularities.lineComment = index }
                mode = .lineComment
                index += 2
            } else if byte == UInt8(ascii: "/") && next == UInt8(ascii: "*") {
                mode = .blockComment
                commentDepth = 1
                constructStart = index
                index += 2
            } else {
                hasContent = true
                index += 1
            }
        case UInt8(ascii: "$"):
            hasContent = true
            switch Self.dollarDelimiterEnd(bytes, at: index, count: count) {
            case .found(let end):
                dollarTag.removeAll(keepingCapacity: true)
                dollarTag.append(contentsOf: UnsafeBufferPointer(start: bytes + index, count: end - index))
                mode = .dollar
                constructStart = index
                index = end
            case .incomplete where !isFinal:
                return .needMore
            default:
                index += 1
            }
        case UInt8(ascii: "("):
            hasContent = true
            parenDepth += 1
            index += 1
        case UInt8(ascii: ")"):
            hasContent = true
            parenDepth = max(0, parenDepth - 1)
            index += 1
        case UInt8(ascii: ";"):
            index += 1
            if parenDepth == 0 && beginDepth == 0 { return .end(index) }
        case _ where Self.isIdentifierStart(byte):
            var end = index + 1
            while end < count && Self.isIdentifierPart(bytes[end]) { end += 1 }
            // An identifier touching the end may continue, and `E` may be an escape-string prefix.
            if end == count && !isFinal { return .needMore }
            hasContent = true
            noteIdentifier(bytes, from: index, to: end)
            if end - index == 1 && (byte | 0x20) == UInt8(ascii: "e") && end < count
                && bytes[end] == UInt8(ascii: "'")
            {
                mode = .quote(escapes: true)
                constructStart = index
                index = end + 1
            } else {
                index = end
            }
        default:
            if (byte < 0x20 || byte == 0x7F) && irregularities.controlCharacter == nil {
                irregularities.controlCharacter = index
            }
            hasContent = true
            index += 1
        }
        return nil
    }

    /// Scans a string literal body. Returns false when more bytes are needed.
    private mutating func scanQuote(
        _ bytes: UnsafePointer<UInt8>, from index: inout Int, count: Int, isFinal: Bool, escapes: Bool
    ) -> Bool {
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "'") {
                if index + 1 < count {
                    if bytes[index + 1] == UInt8(ascii: "'") {
                        index += 2
                        continue
                    }
                    mode = .normal
                    index += 1
                    return true
                }
                if !isFinal { return false }
                mode = .normal
                index += 1
                return true
            } else if escapes && byte == 0x5C {
                if index + 1 < count {
                    index += 2
                } else if isFinal {
                    index += 1
                } else {
                    return false
                }
            } else {
                index += 1
            }
        }
        return true
    }

    private mutating func scanQuotedIdentifier(
        _ bytes: UnsafePointer<UInt8>, from index: inout Int, count: Int, isFinal: Bool
    ) -> Bool {
        while let quote = bytes.firstIndex(of: UInt8(ascii: "\""), from: index, to: count) {
            if quote + 1 < count {
                if bytes[quote + 1] == UInt8(ascii: "\"") {
                    index = quote + 2
                    continue
                }
            } else if !isFinal {
                index = quote
                return false
            }
            mode = .normal
            index = quote + 1
            return true
        }
        index = count
        return true
    }

    private mutating func scanDollar(
        _ bytes: UnsafePointer<UInt8>, from index: inout Int, count: Int, isFinal: Bool
    ) -> Bool {
        let tagLength = dollarTag.count
        while let dollar = bytes.firstIndex(of: UInt8(ascii: "$"), from: index, to: count) {
            if dollar + tagLength > count {
                if isFinal {
                    index = count
                    return true
                }
                index = dollar
                return false
            }
            let matches = dollarTag.withUnsafeBufferPointer { tag in
                bytes.bytesEqual(at: dollar, tag.baseAddress!, count: tagLength)
            }
            if matches {
                mode = .normal
                index = dollar + tagLength
                return true
            }
            index = dollar + 1
        }
        index = count
        return true
    }

    private mutating func scanBlockComment(
        _ bytes: UnsafePointer<UInt8>, from index: inout Int, count: Int, isFinal: Bool
    ) -> Bool {
        while index < count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "*") || byte == UInt8(ascii: "/") else {
                index += 1
                continue
            }
            guard index + 1 < count else {
                if isFinal {
                    index += 1
                    return true
                }
                return false
            }
            let next = bytes[index + 1]
            if byte == UInt8(ascii: "*") && next == UInt8(ascii: "/") {
                commentDepth -= 1
                index += 2
                if commentDepth == 0 {
                    mode = .normal
                    return true
                }
            } else if byte == UInt8(ascii: "/") && next == UInt8(ascii: "*") {
                commentDepth += 1
                index += 2
            } else {
                index += 1
            }
        }
        return true
    }

    // MARK: - psql's BEGIN ... END heuristic

    /// Tracks `CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ... END` so semicolons inside a SQL-standard
    /// function body do not end the statement (psqlscan.l, `{identifier}` rule).
    private mutating func noteIdentifier(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) {
        if identifierCount == 0 { leadingWords = (0, 0, 0, 0) }
        let word = UnsafeBufferPointer(start: bytes + start, count: end - start)
        if identifierCount < 4,
            Self.equalsLowercase(word, "create") || Self.equalsLowercase(word, "function")
                || Self.equalsLowercase(word, "procedure") || Self.equalsLowercase(word, "or")
                || Self.equalsLowercase(word, "replace")
        {
            let letter = word[0] | 0x20
            switch identifierCount {
            case 0: leadingWords.0 = letter
            case 1: leadingWords.1 = letter
            case 2: leadingWords.2 = letter
            default: leadingWords.3 = letter
            }
        }
        identifierCount += 1
        let (first, second, third, fourth) = leadingWords
        let f = UInt8(ascii: "f")
        let p = UInt8(ascii: "p")
        let isRoutine =
            first == UInt8(ascii: "c")
            && (second == f || second == p
                || (second == UInt8(ascii: "o") && third == UInt8(ascii: "r") && (fourth == f || fourth == p)))
        guard isRoutine && parenDepth == 0 else { return }
        if Self.equalsLowercase(word, "begin") {
            beginDepth += 1
        } else if Self.equalsLowercase(word, "case") {
            if beginDepth >= 1 { beginDepth += 1 }
        } else if Self.equalsLowercase(word, "end") {
            if beginDepth > 0 { beginDepth -= 1 }
        }
    }

    // MARK: - Character classes

    /// True when only spaces and tabs stand between the start of the line (or statement) and `index`.
    private static func isIndentation(_ bytes: UnsafePointer<UInt8>, before index: Int) -> Bool {
        var cursor = index - 1
        while cursor >= 0 {
            switch bytes[cursor] {
            case 0x0A: return true
            case 0x20, 0x09: cursor -= 1
            default: return false
            }
        }
        return true
    }

    /// `[A-Za-z_\x80-\xff]`
    @inline(__always)
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte >= 0x80
    }

    /// `[A-Za-z_0-9$\x80-\xff]`
    @inline(__always)
    static func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "$")
    }

    enum DelimiterScan {
        case found(Int)
        case incomplete, none
    }

    /// Whether a dollar-quote delimiter `$tag$` starts at `index`; `.found` carries the offset after it.
    static func dollarDelimiterEnd(_ bytes: UnsafePointer<UInt8>, at index: Int, count: Int) -> DelimiterScan {
        var cursor = index + 1
        guard cursor < count else { return .incomplete }
        if bytes[cursor] == UInt8(ascii: "$") { return .found(cursor + 1) }
        guard isIdentifierStart(bytes[cursor]) else { return .none }
        cursor += 1
        while cursor < count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "$") { return .found(cursor + 1) }
            guard isIdentifierPart(byte) else { return .none }
            cursor += 1
        }
        return .incomplete
    }

    /// ASCII case-insensitive comparison with a lowercase literal.
    @inline(__always)
    static func equalsLowercase(_ word: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard word.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for index in 0..<word.count where (word[index] | 0x20) != expected[index] {
            // `| 0x20` maps letters to lower case; the literal is lower case and alphabetic or `_`.
            if word[index] != expected[index] { return false }
        }
        return true
    }
}
