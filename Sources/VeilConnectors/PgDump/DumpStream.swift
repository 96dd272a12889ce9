import VeilCore

/// The reader's second pass: turns scanner units into ``SourceItem``s.
///
/// Text that is not row data becomes `.passthrough`, byte for byte, in chunks; a COPY block becomes
/// `.beginTable` / `.rows` / `.endTable` (the `COPY` line and the `\.` line are not passed through, the writer
/// regenerates them); consecutive INSERT statements into the same table with the same shape become one such
/// run with `statementSizes`. Large-object entries and, if asked, comments are dropped here, along with their
/// `-- Name: ...` headers and blank lines, so the output reads as if pg_dump had not written them.
final class DumpStream {
    private let scanner: DumpScanner
    /// The same checks as the pre-scan's: the file may have changed since.
    private var grammar = DumpGrammar()
    private let schema: DatabaseSchema
    private let options: PgDumpReaderOptions
    private var queue: [SourceItem] = []
    private var queueHead = 0
    private var finished = false

    /// Passthrough bytes not yet handed out.
    private var text: [UInt8] = []
    /// A block of comment lines not yet known to be kept or dropped, and the TOC header it holds.
    private var comments: [UInt8] = []
    private var commentHeader: TocHeader?
    /// The entry being dropped, if any: it ends at the next comment block that is kept.
    private var dropping: DroppedEntry?

    /// The COPY block being read: its rows kept as the lines the dump holds (see ``CopyTextRows``).
    private var copy: (data: TableData, rows: CopyTextRows, firstRow: Int)?
    /// Checks each COPY line before it is kept; the pre-scan has checked the lines' own bytes are UTF-8.
    private var lineCheck = CopyLineCheck(rawBytesAreChecked: true)
    /// Bytes of the last full batch of lines, to reserve as much for the next.
    private var lastBatchBytes = 0
    /// A column pass: the fields of the current COPY block to decode (see ``PgDumpReaderOptions/projection``).
    private var wanted: [Bool]?
    private var group: InsertGroup?
    private var rowsSoFar: [TableName: Int] = [:]
    private var scratch: [UInt8] = []

    private enum DroppedEntry { case largeObject, comment }
    private static let textChunk = 1 << 18

    /// A column pass's receiver of each wanted COPY value (table, column, bytes); rows are then never built.
    private let visitor: ((TableName, String, UnsafeRawBufferPointer) throws -> Void)?

    init(
        fd: Int32, schema: DatabaseSchema, options: PgDumpReaderOptions, chunkSize: Int,
        visitor: ((TableName, String, UnsafeRawBufferPointer) throws -> Void)? = nil
    ) {
        self.scanner = DumpScanner(window: ByteWindow(fd: fd, chunkSize: chunkSize))
        self.schema = schema
        self.options = options
        self.visitor = visitor
    }

    func next() throws -> SourceItem? {
        while queueHead == queue.count {
            if finished { return nil }
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
            try step()
        }
        let item = queue[queueHead]
        queueHead += 1
        return item
    }

    // MARK: - Units

    private func step() throws {
        guard let unit = try scanner.next() else {
            try grammar.finish()
            resolveComments()
            closeGroup()
            flushText()
            finished = true
            return
        }
        try grammar.check(unit, scanner)
        let bytes = scanner.unitBytes
        if unit.kind == .comment {
            comments.append(contentsOf: bytes)
            if commentHeader == nil { commentHeader = TocHeader.parse(line: bytes) }
            if comments.count > Self.textChunk { resolveComments() }
            return
        }
        resolveComments()
        switch unit.kind {
        case .copyRow:
            try copyRow(unit, bytes)
        case .copyEnd:
            endCopy()
        case .blank:
            if dropping == nil { emit(bytes) }
        case .statement(let kind):
            try statement(kind, unit, bytes)
        case .comment, .metaCommand, .trailing:
            emit(bytes)
        }
    }

    private func statement(_ kind: StatementKind, _ unit: DumpScanner.Unit, _ bytes: UnsafeBufferPointer<UInt8>) throws
    {
        switch kind {
        case .copyFromStdin:
            dropping = nil
            beginCopy(scanner.copy!)
        case .insert:
            dropping = nil
            try insert(unit)
        case .largeObject(let isComment):
            if options.keepLargeObjects && (options.keepComments || !isComment) { emit(bytes) }
        case .comment:
            if options.keepComments { emit(bytes) }
        case .begin, .commit:
            if dropping != .largeObject { emit(bytes) }
        default:
            emit(bytes)
        }
    }

    /// Decides a pending comment block: dropped with the entry it heads, or passed through.
    private func resolveComments() {
        guard !comments.isEmpty else { return }
        defer {
            comments.removeAll(keepingCapacity: true)
            commentHeader = nil
        }
        if let header = commentHeader {
            if header.isLargeObject && !options.keepLargeObjects {
                dropping = .largeObject
                return
            }
            if header.isComment && !options.keepComments {
                dropping = .comment
                return
            }
        }
        dropping = nil
        comments.withUnsafeBufferPointer { emit($0) }
    }

    // MARK: - Passthrough

    private func emit(_ bytes: UnsafeBufferPointer<UInt8>) {
        closeGroup()
        if options.projection != nil { return }
        text.append(contentsOf: bytes)
        if text.count >= Self.textChunk { flushText() }
    }

    private func flushText() {
        guard !text.isEmpty else { return }
        queue.append(.passthrough(String(decoding: text, as: UTF8.self)))
        text.removeAll(keepingCapacity: true)
    }

    // MARK: - COPY

    private func beginCopy(_ header: CopyHeader) {
        closeGroup()
        flushText()
        let columns =
            header.columns ?? schema[header.table]?.columns.filter { !$0.isGenerated }.map(\.name) ?? []
        let data = TableData(table: header.table, columns: columns, style: .copy)
        if let projection = options.projection {
            // A column pass: a table it does not ask for is skipped, its rows never decoded.
            guard let names = projection[header.table] else {
                copy = nil
                return
            }
            wanted = columns.map { names.contains($0) }
        }
        queue.append(.beginTable(data))
        copy = (data, newRows(width: columns.count), (rowsSoFar[header.table] ?? 0) + 1)
    }

    private func copyRow(_ unit: DumpScanner.Unit, _ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let data = copy?.data else { return }
        let base = bytes.baseAddress!
        var length = bytes.count
        if length > 0 && base[length - 1] == 0x0A { length -= 1 }
        if let visitor, let wanted {
            try CopyText.forEachWantedField(base, count: length, wanted: wanted, scratch: &scratch) { column, value in
                try visitor(data.table, data.columns[column], value)
            }
            return
        }
        let width = data.columns.count
        // The line is kept as it is; only its width and the UTF-8 of its escapes are checked (the pre-scan checked
        // its own bytes). Its fields are decoded later, and only those a rule needs.
        do {
            try lineCheck.check(base, count: length, width: width)
        } catch .width(let fields) {
            throw VeilError(
                .source,
                "line \(unit.line): a COPY row of \(data.table) has \(fields) fields for \(width) "
                    + "columns; the dump changed while it was read")
        } catch .invalidUTF8 {
            throw VeilError(
                .source, "line \(unit.line): a value's escapes do not form valid UTF-8",
                location: .init(table: data.table, row: rowNumber(afterCopyRows: copy?.rows.count ?? 0)))
        }
        copy!.rows.append(line: UnsafeBufferPointer(start: base, count: length))
        if copy!.rows.count >= options.batchSize { flushCopyRows() }
    }

    private func rowNumber(afterCopyRows count: Int) -> Int {
        (copy?.firstRow ?? 1) + count
    }

    private func flushCopyRows() {
        guard let current = copy, !current.rows.isEmpty else { return }
        let table = current.data.table
        queue.append(.rows(RowBatch(table: table, encoded: current.rows, firstRowNumber: current.firstRow)))
        rowsSoFar[table, default: 0] += current.rows.count
        copy!.firstRow += current.rows.count
        lastBatchBytes = max(lastBatchBytes, current.rows.bytes.count)
        copy!.rows = newRows(width: current.data.columns.count)
    }

    /// An empty batch of lines for `width` columns, with room for a full batch.
    private func newRows(width: Int) -> CopyTextRows {
        CopyTextRows(width: width, reserving: options.batchSize, bytes: lastBatchBytes)
    }

    private func endCopy() {
        guard let current = copy else { return }
        flushCopyRows()
        queue.append(.endTable(current.data.table))
        copy = nil
    }

    // MARK: - INSERT

    private func insert(_ unit: DumpScanner.Unit) throws {
        let session = scanner.session
        let statement: InsertStatement
        let defaults: [Int]
        do {
            statement = try InsertStatement.parse(scanner.statementCursor, defaultSchema: session.defaultSchema)
            defaults = try statement.defaultPositions()
        } catch {
            throw VeilError(.source, "line \(unit.line): \(error.reason)")
        }
        let key = InsertGroup.Key(
            table: statement.table, columns: statement.columns, overriding: statement.overridingSystemValue,
            defaults: defaults)
        if group?.key != key {
            closeGroup()
            flushText()
            let names =
                statement.columns ?? schema[statement.table]?.columns.map(\.name)
                ?? DumpPrescan.placeholderNames(statement.width)
            let kept = names.enumerated().filter { !defaults.contains($0.offset) }.map(\.element)
            let data = TableData(
                table: statement.table, columns: kept, style: .insert(columnList: statement.columns != nil))
            queue.append(.beginTable(data))
            group = InsertGroup(key: key, data: data, firstRow: (rowsSoFar[statement.table] ?? 0) + 1)
        }
        do {
            try group!.append(
                statement, in: scanner.unitBytes, standardConformingStrings: session.standardConformingStrings)
        } catch {
            throw VeilError(
                .source, "line \(unit.line): \(error.reason)",
                location: .init(table: statement.table, row: group!.firstRow + group!.rows.count))
        }
        if group!.rows.count >= options.batchSize { flushGroupRows() }
    }

    private func flushGroupRows() {
        guard let current = group, !current.rows.isEmpty else { return }
        let table = current.data.table
        queue.append(
            .rows(
                RowBatch(
                    table: table, rows: current.rows, firstRowNumber: current.firstRow,
                    statementSizes: current.statementSizes)))
        rowsSoFar[table, default: 0] += current.rows.count
        group!.firstRow += current.rows.count
        group!.rows.removeAll(keepingCapacity: true)
        group!.statementSizes.removeAll(keepingCapacity: true)
    }

    /// Ends the open INSERT run, if any.
    private func closeGroup() {
        guard let current = group else { return }
        flushGroupRows()
        queue.append(.endTable(current.data.table))
        group = nil
    }
}

/// Consecutive INSERT statements that share a table and a shape, streamed as one table run.
struct InsertGroup {
    struct Key: Equatable {
        var table: TableName
        var columns: [String]?
        var overriding: Bool
        /// Positions of `DEFAULT` values, left out of the rows.
        var defaults: [Int]
    }

    var key: Key
    var data: TableData
    var firstRow: Int
    var rows: [Row] = []
    var statementSizes: [Int] = []

    init(key: Key, data: TableData, firstRow: Int) {
        self.key = key
        self.data = data
        self.firstRow = firstRow
    }

    /// Adds the statement's rows, without their `DEFAULT` values.
    mutating func append(
        _ statement: InsertStatement, in bytes: UnsafeBufferPointer<UInt8>, standardConformingStrings: Bool
    ) throws(SQLLiteral.Unreadable) {
        let width = statement.width
        for row in 0..<statement.rowCount {
            var fields: Row = []
            fields.reserveCapacity(width - key.defaults.count)
            for position in 0..<width where !key.defaults.contains(position) {
                fields.append(
                    try InsertStatement.field(
                        statement.values[row * width + position], in: bytes,
                        standardConformingStrings: standardConformingStrings))
            }
            rows.append(fields)
        }
        statementSizes.append(statement.rowCount)
    }
}
