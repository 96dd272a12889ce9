import VeilCore

/// Splits a plain-format dump into units, the way psql reads it: blank lines, `--` comment lines and psql
/// meta-command lines (`\restrict KEY`, `\connect db`) between statements; complete statements; and after a
/// `COPY ... FROM stdin;` statement, data lines up to the `\.` line.
///
/// A unit's bytes are `window.bytes[0..<unit.length]` until the next call to ``next()``, which consumes them.
/// Errors are ``VeilError``s with code `.source` that name a line, never a value.
final class DumpScanner {
    enum UnitKind: Equatable {
        case blank
        case comment
        case metaCommand
        case statement(StatementKind)
        case copyRow
        case copyEnd
        /// Whitespace or comments after the last statement, without a `;`.
        case trailing
    }

    struct Unit {
        var kind: UnitKind
        var length: Int
        /// 1-based line number of the unit's first byte.
        var line: Int
    }

    let window: ByteWindow
    /// The session settings in effect after the last unit.
    private(set) var session = DumpSession()
    /// The COPY block being read, if any.
    private(set) var copy: CopyHeader?
    /// The tokens of the last statement unit.
    private(set) var tokens: [SQLToken] = []
    /// What the lexer saw outside literals in the last statement unit (offsets into ``unitBytes``).
    private(set) var irregularities = StatementLexer.Irregularities()
    /// The line number of the next unit.
    private(set) var line = 1

    private var lexer = StatementLexer()
    private var inStatement = false
    private var statementEnd: Int?
    private var pendingLength = 0
    private var pendingLine = 1

    init(window: ByteWindow) {
        self.window = window
    }

    /// The bytes of the unit last returned.
    var unitBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: window.bytes, count: pendingLength) }

    /// A cursor over the tokens of the statement unit last returned.
    var statementCursor: TokenCursor { TokenCursor(bytes: unitBytes, tokens: tokens) }

    /// The 1-based line number of `offset` in the unit last returned.
    func line(atUnitOffset offset: Int) -> Int {
        line + window.bytes.count(of: 0x0A, from: 0, to: min(offset, pendingLength))
    }

    /// The next unit, or nil at the end of the input (or, for an in-memory window, when it needs more bytes).
    func next() throws -> Unit? {
        if pendingLength > 0 {
            window.consume(pendingLength)
            line = pendingLine
            pendingLength = 0
        }
        if let copy { return try nextCopyLine(copy) }
        if inStatement { return try continueStatement() }
        guard let length = try lineLength() else { return nil }
        let bytes = window.bytes
        var index = 0
        while index < length, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D {
            index += 1
        }
        if index == length || bytes[index] == 0x0A { return unit(.blank, length: length) }
        if bytes[index] == UInt8(ascii: "-") && index + 1 < length && bytes[index + 1] == UInt8(ascii: "-") {
            return unit(.comment, length: length)
        }
        if bytes[index] == 0x5C { return unit(.metaCommand, length: length) }
        lexer.reset()
        lexer.standardConformingStrings = session.standardConformingStrings
        inStatement = true
        return try continueStatement()
    }

    // MARK: - Units

    /// A unit of `length` bytes; `singleLine` units hold at most one newline, at their end.
    private func unit(_ kind: UnitKind, length: Int, singleLine: Bool = true) -> Unit {
        let start = line
        pendingLength = length
        if singleLine {
            pendingLine = line + (length > 0 && window.bytes[length - 1] == 0x0A ? 1 : 0)
        } else {
            pendingLine = line + window.bytes.count(of: 0x0A, from: 0, to: length)
        }
        return Unit(kind: kind, length: length, line: start)
    }

    /// The length of the line at the window start, newline included; at the end of the input, of the rest.
    private func lineLength() throws -> Int? {
        var searchFrom = 0
        while true {
            if let newline = window.bytes.firstIndex(of: 0x0A, from: searchFrom, to: window.available) {
                return newline + 1
            }
            searchFrom = window.available
            if try !fill() {
                return window.isFinal && window.available > 0 ? window.available : nil
            }
        }
    }

    private func nextCopyLine(_ copy: CopyHeader) throws -> Unit? {
        guard let length = try lineLength() else {
            if window.isFinal {
                throw VeilError(
                    .source,
                    "line \(line): the COPY data of \(copy.table) ends without its \\. line; the dump is truncated")
            }
            return nil
        }
        let bytes = window.bytes
        let isTerminator =
            length >= 2 && bytes[0] == 0x5C && bytes[1] == UInt8(ascii: ".")
            && (length == 2 && window.isFinal && window.available == 2
                || length == 3 && bytes[2] == 0x0A
                || length == 4 && bytes[2] == 0x0D && bytes[3] == 0x0A)
        if isTerminator {
            self.copy = nil
            return unit(.copyEnd, length: length)
        }
        return unit(.copyRow, length: length)
    }

    // MARK: - Statements

    private func continueStatement() throws -> Unit? {
        while statementEnd == nil {
            switch lexer.scan(window.bytes, count: window.available, isFinal: window.isFinal) {
            case .end(let end):
                statementEnd = end
            case .needMore:
                if try !fill() && !window.isFinal { return nil }
            case .endOfInput:
                return try endOfInputInStatement()
            }
        }
        let end = statementEnd!
        // Take the rest of the line along when it is only whitespace, so units end at line ends.
        var index = end
        while true {
            let bytes = window.bytes
            while index < window.available, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D {
                index += 1
            }
            if index < window.available || window.isFinal { break }
            if try !fill() && !window.isFinal { return nil }
        }
        let length: Int
        if index < window.available && window.bytes[index] == 0x0A {
            length = index + 1
        } else if index == window.available {
            length = index
        } else {
            length = end
        }
        inStatement = false
        statementEnd = nil
        irregularities = lexer.irregularities
        return try classify(unit(.statement(.other), length: length, singleLine: false))
    }

    /// Tokenizes and classifies a complete statement, and applies what it changes for later units.
    private func classify(_ found: Unit) throws -> Unit {
        var unit = found
        tokens = SQLTokenizer.tokens(unitBytes, standardConformingStrings: session.standardConformingStrings)
        let cursor = statementCursor
        let kind = StatementKind.classify(cursor)
        unit.kind = .statement(kind)
        switch kind {
        case .setting:
            session.apply(cursor)
        case .copyFromStdin:
            do {
                copy = try CopyHeader.parse(cursor, defaultSchema: session.defaultSchema)
            } catch .unsupportedOptions {
                throw VeilError(
                    .source,
                    "line \(unit.line): COPY FROM stdin with options is not supported; only the text format that "
                        + "pg_dump writes can be read")
            } catch {
                throw VeilError(.source, "line \(unit.line): unreadable COPY statement")
            }
        default:
            break
        }
        return unit
    }

    private func endOfInputInStatement() throws -> Unit? {
        inStatement = false
        let what: String? =
            switch lexer.mode {
            case .quote: "string literal"
            case .quotedIdentifier: "quoted identifier"
            case .dollar: "dollar-quoted string"
            case .blockComment: "comment"
            case .normal, .lineComment: nil
            }
        if let what {
            let startLine = line + window.bytes.count(of: 0x0A, from: 0, to: lexer.constructStart)
            throw VeilError(
                .source,
                "line \(startLine): unterminated \(what) at the end of the file; the dump is truncated or malformed")
        }
        if lexer.hasContent {
            throw VeilError(
                .source,
                "line \(line): the statement starting here has no terminating semicolon; the dump is truncated")
        }
        return window.available > 0 ? unit(.trailing, length: window.available, singleLine: false) : nil
    }

    private func fill() throws -> Bool {
        do {
            return try window.fill()
        } catch {
            throw VeilError(.source, "cannot read the dump: \(error)")
        }
    }
}
