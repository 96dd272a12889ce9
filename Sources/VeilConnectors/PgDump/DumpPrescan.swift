import VeilCore

/// The reader's first pass over the whole file, before any item is streamed.
///
/// It collects the schema (pg_dump writes keys after the data) and checks that the dump is complete and
/// readable: every COPY block ends with `\.`, every row has as many fields as its columns, every INSERT is
/// made of literals, no string, identifier, dollar quote or comment is left open at the end, the text is
/// UTF-8, everything between statements is what pg_dump writes, and the dump ends with pg_dump's trailer
/// (``DumpGrammar``). A dump that fails throws a ``VeilError`` with code `.source` naming the line, so a run stops before
/// writing anything.
struct DumpPrescan {
    /// What the pass found.
    struct Result {
        var schema: DatabaseSchema
        /// Rows per table, in the dump's order of first appearance.
        var rowCounts: [(table: TableName, rows: Int)]
    }

    private var grammar = DumpGrammar()
    private var builder = SchemaBuilder()
    private var counts: [TableName: Int] = [:]
    private var countOrder: [TableName] = []
    private var copyTable: TableName?
    private var copyWidth: Int?
    /// Rows of the current COPY block, added to `counts` at its end.
    private var copyRows = 0

    /// Reads `fd` from its current position to the end.
    static func run(fd: Int32, chunkSize: Int) throws -> Result {
        let scanner = DumpScanner(window: ByteWindow(fd: fd, chunkSize: chunkSize))
        var pass = DumpPrescan()
        while let unit = try scanner.next() {
            try pass.check(unit, scanner)
        }
        try pass.grammar.finish()
        return Result(schema: pass.builder.result, rowCounts: pass.countOrder.map { ($0, pass.counts[$0] ?? 0) })
    }

    private mutating func check(_ unit: DumpScanner.Unit, _ scanner: DumpScanner) throws {
        let bytes = scanner.unitBytes
        if unit.kind != .copyRow {
            try Self.checkUTF8(bytes, line: unit.line)
            try grammar.check(unit, scanner)
        }
        switch unit.kind {
        case .copyRow:
            try checkCopyRow(unit, bytes)
        case .copyEnd:
            if let table = copyTable { counts[table, default: 0] += copyRows }
            copyTable = nil
            copyRows = 0
        case .statement(.createTable):
            builder.createTable(scanner.statementCursor, defaultSchema: scanner.session.defaultSchema)
        case .statement(.alterTable):
            builder.alterTable(scanner.statementCursor, defaultSchema: scanner.session.defaultSchema)
        case .statement(.copyFromStdin):
            let header = scanner.copy!
            copyTable = header.table
            note(header.table, rows: 0)
            if let columns = header.columns {
                copyWidth = columns.count
                builder.noteData(table: header.table, columns: columns)
            } else if let known = builder[header.table], !builder.columnsUnknown.contains(header.table) {
                copyWidth = known.columns.filter { !$0.isGenerated }.count
            } else {
                copyWidth = nil
            }
        case .statement(.insert):
            try checkInsert(unit, scanner)
        case .statement(.other) where scanner.statementCursor.isWords("create", "unique", "index"):
            builder.createUniqueIndex(scanner.statementCursor, defaultSchema: scanner.session.defaultSchema)
        default:
            break
        }
    }

    private mutating func checkCopyRow(_ unit: DumpScanner.Unit, _ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let table = copyTable else { return }
        var length = bytes.count
        guard length > 0 && bytes[length - 1] == 0x0A else {
            throw VeilError(
                .source, "line \(unit.line): the COPY data of \(table) ends without its \\. line; the dump is truncated"
            )
        }
        length -= 1
        let scan = CopyText.scanLine(bytes.baseAddress!, count: length)
        if !scan.isASCII { try Self.checkUTF8(bytes, line: unit.line) }
        let fields = copyWidth == 0 && length == 0 ? 0 : scan.fields
        if let expected = copyWidth {
            guard fields == expected else {
                throw VeilError(
                    .source,
                    "line \(unit.line): a COPY row of \(table) has \(fields) fields where \(expected) columns are "
                        + "listed; the dump is malformed",
                    location: .init(table: table, row: (counts[table] ?? 0) + copyRows + 1))
            }
        } else {
            copyWidth = fields
            builder.noteData(table: table, columns: Self.placeholderNames(fields))
        }
        copyRows += 1
    }

    private mutating func checkInsert(_ unit: DumpScanner.Unit, _ scanner: DumpScanner) throws {
        let session = scanner.session
        let statement: InsertStatement
        do {
            statement = try InsertStatement.parse(scanner.statementCursor, defaultSchema: session.defaultSchema)
        } catch {
            throw VeilError(.source, "line \(unit.line): \(error.reason)")
        }
        let table = statement.table
        if let columns = statement.columns {
            builder.noteData(table: table, columns: columns)
        } else if let known = builder[table], !known.columns.isEmpty {
            guard known.columns.count == statement.width else {
                throw VeilError(
                    .source,
                    "line \(unit.line): an INSERT into \(table) has \(statement.width) values per row but the table "
                        + "has \(known.columns.count) columns")
            }
        } else {
            builder.noteData(table: table, columns: Self.placeholderNames(statement.width))
        }
        do {
            _ = try statement.defaultPositions()
        } catch {
            throw VeilError(.source, "line \(unit.line): \(error.reason)")
        }
        for (position, value) in statement.values.enumerated()
        where InsertStatement.needsCheck(value, standardConformingStrings: session.standardConformingStrings) {
            do {
                _ = try InsertStatement.field(
                    value, in: scanner.unitBytes, standardConformingStrings: session.standardConformingStrings)
            } catch {
                let row = (counts[table] ?? 0) + position / max(1, statement.width) + 1
                throw VeilError(.source, "line \(unit.line): \(error.reason)", location: .init(table: table, row: row))
            }
        }
        note(table, rows: statement.rowCount)
    }

    private static func checkUTF8(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws {
        guard let base = bytes.baseAddress, UTF8Check.isValid(base, count: bytes.count) else {
            throw VeilError(
                .source, "line \(line): the dump is not valid UTF-8; only UTF-8 dumps can be read (pg_dump -E UTF8)")
        }
    }

    private mutating func note(_ table: TableName, rows: Int) {
        if counts[table] == nil {
            counts[table] = 0
            countOrder.append(table)
        }
        counts[table, default: 0] += rows
    }

    /// `column1`, `column2`, ... for data whose columns are never named (PostgreSQL's names for VALUES columns).
    static func placeholderNames(_ count: Int) -> [String] {
        (0..<count).map { "column\($0 + 1)" }
    }
}
