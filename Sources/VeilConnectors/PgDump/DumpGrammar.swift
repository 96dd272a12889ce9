import VeilCore

/// What a plain-format dump may hold between its statements, and how it must end, checked unit by unit in both
/// of the reader's passes so that damaged text fails closed instead of passing through as DDL.
///
/// pg_dump (PostgreSQL 9.x to 18) writes, outside COPY data: `--` comments (its TOC headers among them), blank
/// lines, the psql meta-commands `\connect`, `\restrict KEY` and `\unrestrict KEY`, and statements that
/// ``StatementKind`` knows (`SET`, `CREATE`, `ALTER`, `COPY ... FROM stdin;`, `INSERT`, `SELECT
/// pg_catalog.setval(...)`...). Anything else — row data left outside its COPY block by a missing, damaged or
/// misplaced `COPY` line, a `\.` outside a block, a COPY that does not read `FROM stdin` — stops the run with a
/// `.source` error that names the line, never its text (it may be a value). So do bytes pg_dump never writes in
/// a statement outside its literals: a backslash, a `--` comment (a statement that lost its `;` runs on over
/// the comments and COPY line after it), a tab after other text on its line, and any other control character
/// (a NUL, a vertical tab, DEL...).
///
/// A dump also must end the way pg_dump ends one: with its `--` / `-- PostgreSQL database dump complete` / `--`
/// trailer, and after a `\restrict KEY` with the matching `\unrestrict KEY`; a dump without them is truncated,
/// even when it was cut between two complete statements. After the trailer only blank lines, an `\unrestrict`,
/// and the sequence catch-up Veil appends to a dump it writes from a live source may follow.
struct DumpGrammar {
    private enum Trailer { case none, openingDashes, completeLine, complete }

    private var trailer = Trailer.none
    /// The key of the `\restrict` in force and its line.
    private var restriction: (key: [UInt8], line: Int)?
    /// The line of a `-- Data for Name: ...; Type: TABLE DATA` header whose COPY or INSERT has not come yet.
    private var announcedData: Int?
    /// The line of the last unit that is not blank.
    private var lastLine = 0

    /// Checks one unit, just returned by `scanner`.
    /// - Throws: ``VeilError`` with code `.source` naming the line when the unit is not what pg_dump writes.
    mutating func check(_ unit: DumpScanner.Unit, _ scanner: DumpScanner) throws {
        switch unit.kind {
        case .copyRow, .copyEnd:
            return
        case .blank:
            if scanner.unitBytes.contains(0x09) {
                throw Self.damaged(unit.line, "a blank line holds a tab, as an empty COPY row does")
            }
            return
        case .comment:
            try comment(unit, scanner.unitBytes)
        case .metaCommand:
            try metaCommand(unit, scanner.unitBytes)
        case .statement(let kind):
            try statement(kind, unit, scanner)
        case .trailing:
            throw Self.damaged(unit.line, "the text after the last statement is not a statement pg_dump writes")
        }
        lastLine = unit.line
    }

    /// Checks the end of the input.
    /// - Throws: ``VeilError`` with code `.source` when the dump does not end with pg_dump's trailer, or a
    ///   `\restrict` has no `\unrestrict`.
    func finish() throws {
        let last = max(1, lastLine)
        guard trailer == .complete else {
            throw VeilError(
                .source,
                "line \(last): the dump ends without pg_dump's closing comment (`-- PostgreSQL database dump "
                    + "complete`); it is truncated")
        }
        if let restriction {
            throw VeilError(
                .source,
                "line \(restriction.line): the dump's \\restrict has no matching \\unrestrict at its end; it is "
                    + "truncated")
        }
    }

    // MARK: - Units

    private mutating func comment(_ unit: DumpScanner.Unit, _ bytes: UnsafeBufferPointer<UInt8>) throws {
        var end = bytes.count
        while end > 0 && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
        let line = UnsafeBufferPointer(rebasing: bytes[0..<end])
        if line.elementsEqual("--".utf8) {
            trailer = trailer == .completeLine ? .complete : .openingDashes
        } else if line.elementsEqual("-- PostgreSQL database dump complete".utf8) {
            trailer = trailer == .openingDashes ? .completeLine : .none
        } else if !(trailer == .complete && line.starts(with: "-- Veil: ".utf8)) {
            trailer = .none
        }
        var header: TocHeader?
        if line.starts(with: "-- Name: ".utf8) || line.starts(with: "-- Data for Name: ".utf8) {
            header = TocHeader.parse(line: line)
            announcedData = header?.type == "TABLE DATA" ? unit.line : nil
        }
        if header == nil && line.contains(0x09) {
            throw Self.damaged(
                unit.line,
                "a comment line holds a tab, as COPY data does; pg_dump writes tabs in comments only in "
                    + "the names of its `-- Name:` headers")
        }
    }

    private mutating func metaCommand(_ unit: DumpScanner.Unit, _ bytes: UnsafeBufferPointer<UInt8>) throws {
        let words = Self.words(bytes)
        let command = words.first ?? []
        trailer = trailer == .complete && command.elementsEqual("\\unrestrict".utf8) ? .complete : .none
        switch String(decoding: command, as: UTF8.self) {
        case "\\connect":
            if let restriction {
                throw Self.damaged(
                    unit.line,
                    "a \\connect inside the \\restrict section of line \(restriction.line), which "
                        + "pg_dump ends with \\unrestrict before it connects")
            }
        case "\\restrict":
            guard words.count == 2 else { throw Self.damaged(unit.line, "a \\restrict line without one key") }
            if let restriction {
                throw Self.damaged(unit.line, "a second \\restrict before the \\unrestrict of line \(restriction.line)")
            }
            restriction = (Array(words[1]), unit.line)
        case "\\unrestrict":
            guard let open = restriction, words.count == 2, words[1].elementsEqual(open.key) else {
                throw Self.damaged(unit.line, "an \\unrestrict that does not match an open \\restrict")
            }
            restriction = nil
        case "\\.":
            throw Self.damaged(
                unit.line, "an end-of-data line (\\.) outside a COPY block: a COPY line above it is missing or damaged")
        default:
            throw Self.damaged(unit.line, "a psql meta-command that pg_dump does not write")
        }
    }

    private mutating func statement(_ kind: StatementKind, _ unit: DumpScanner.Unit, _ scanner: DumpScanner) throws {
        let cursor = scanner.statementCursor
        if kind == .unknown {
            if cursor.isWord("copy") {
                throw Self.damaged(
                    unit.line,
                    "a COPY statement that does not read FROM stdin; only pg_dump's `COPY ... FROM stdin;` "
                        + "blocks can be read")
            }
            throw Self.damaged(
                unit.line,
                "text that is not a statement pg_dump writes (row data outside a COPY block, whose COPY "
                    + "line is missing or damaged, reads like this)")
        }
        let irregular = scanner.irregularities
        if let offset = irregular.lineComment {
            throw Self.damaged(
                scanner.line(atUnitOffset: offset),
                "a comment inside the statement of line \(unit.line), which pg_dump "
                    + "never writes: that statement lost its `;` and runs on over what follows it")
        }
        if let offset = irregular.backslash {
            throw Self.damaged(
                scanner.line(atUnitOffset: offset),
                "a backslash outside quotes in the statement of line \(unit.line), "
                    + "which pg_dump never writes (COPY data does)")
        }
        if let offset = irregular.tab {
            throw Self.damaged(
                scanner.line(atUnitOffset: offset),
                "a tab between words outside quotes in the statement of line "
                    + "\(unit.line), which pg_dump never writes (COPY data does)")
        }
        if let offset = irregular.controlCharacter {
            throw Self.damaged(
                scanner.line(atUnitOffset: offset),
                "a control character outside quotes in the statement of line \(unit.line), which pg_dump never "
                    + "writes")
        }
        if let announced = announcedData {
            switch kind {
            case .copyFromStdin, .insert: announcedData = nil
            case .other where cursor.isWord("insert"): announcedData = nil
            case .setting, .alterTable: break
            default:
                throw Self.damaged(
                    unit.line, "the table data announced at line \(announced) does not begin with its COPY statement")
            }
        }
        if !(kind == .veilSequenceCatchUp && trailer == .complete) { trailer = .none }
    }

    // MARK: - Helpers

    /// The space-separated words of a line, without its line end.
    private static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> [ArraySlice<UInt8>] {
        Array(bytes).split { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    private static func damaged(_ line: Int, _ what: String) -> VeilError {
        VeilError(.source, "line \(line): \(what); the dump is damaged")
    }
}
