import VeilCore
import VeilFiles

/// Writes a pg_dump plain-format (`.sql`) dump as a ``RowSink``.
///
/// - `.passthrough` text is written verbatim.
/// - A `.copy` table is written as pg_dump writes it: the header `COPY schema.table (col, ...) FROM stdin;`
///   regenerated from the ``TableData`` with pg_dump's identifier quoting (so it is byte-identical to what
///   pg_dump wrote), then each row in COPY text format, then `\.`.
/// - An `.insert` table is written back as INSERT statements following the batches' `statementSizes`:
///   `INSERT INTO t [(cols)] [OVERRIDING SYSTEM VALUE] VALUES (...);`, or pg_dump's multi-row layout when a
///   statement holds more than one row. Every non-NULL value is a quoted string literal (`'1'` for a number):
///   the server converts it to the column type, and a masked value never changes meaning because of a
///   missing quote. With `standard_conforming_strings` off in the passthrough, backslashes are doubled.
///
/// Bytes go to a temporary file next to `path` (mode 0600); ``complete()`` completes it there, ``publish()`` renames
/// it into place, ``abort()`` (or deinit before publishing) removes it. Errors carry code `.target`.
public final class PgDumpWriter: RowSink {
    public let path: String
    private let file: AtomicFileWriter
    private let observer = DumpObserver()
    private var table: OpenTable?
    private var isClosed = false

    /// The table whose rows are being written.
    private struct OpenTable {
        var data: TableData
        /// For INSERT: `INSERT INTO t [(cols)] [OVERRIDING SYSTEM VALUE] VALUES`.
        var insertPrefix: [UInt8] = []
        /// For INSERT without a column list: where the table has generated columns, the row's values go
        /// between `DEFAULT`s; `nil` entries take the next value.
        var defaultsTemplate: [Bool]?
        var standardConformingStrings = true
    }

    /// Creates the temporary output file.
    /// - Throws: ``VeilError`` with code `.target` if it cannot be created.
    public init(path: String) throws {
        self.path = path
        self.file = try AtomicFileWriter(path: path)
    }

    deinit {
        if !isClosed { file.discard() }
    }

    /// The temporary file the output goes to until ``publish()``.
    public var temporaryPath: String { file.temporaryPath }

    public func write(_ item: SourceItem) throws {
        guard !isClosed else { throw VeilError(.internal, "the dump writer for \(path) is already closed") }
        switch item {
        case .passthrough(let text):
            guard table == nil else {
                throw VeilError(.internal, "passthrough text arrived inside the rows of \(table!.data.table)")
            }
            try file.write(text)
            observer.observe(text)
        case .beginTable(let data):
            guard table == nil else {
                throw VeilError(.internal, "the rows of \(data.table) began before \(table!.data.table) ended")
            }
            try begin(data)
        case .rows(let batch):
            guard let open = table, open.data.table == batch.table else {
                throw VeilError(.internal, "rows of \(batch.table) arrived outside its table data")
            }
            try write(batch, of: open)
        case .endTable(let name):
            guard let open = table, open.data.table == name else {
                throw VeilError(.internal, "the end of \(name) arrived outside its table data")
            }
            if open.data.style == .copy { try file.write("\\.\n") }
            table = nil
        }
    }

    public func complete() throws {
        guard !isClosed else { throw VeilError(.internal, "the dump writer for \(path) is already closed") }
        if let open = table {
            abort()
            throw VeilError(.internal, "the table data of \(open.data.table) was not ended")
        }
        isClosed = true
        try file.complete()
    }

    public func publish() throws { try file.publish() }

    public var stagedPath: String? { file.temporaryPath }

    public func abort() {
        isClosed = true
        file.discard()
    }

    // MARK: - Tables

    private func begin(_ data: TableData) throws {
        let name = SQLIdentifier.qualified(data.table, unqualifiedSchema: observer.session.unqualifiedSchema)
        var open = OpenTable(data: data, standardConformingStrings: observer.session.standardConformingStrings)
        switch data.style {
        case .copy:
            let columns =
                data.columns.isEmpty ? "" : "(" + data.columns.map(SQLIdentifier.quote).joined(separator: ", ") + ")"
            try file.write("COPY \(name) \(columns) FROM stdin;\n")
        case .insert(let columnList):
            var listColumns = columnList
            if !columnList, let known = observer[data.table], !known.columns.isEmpty {
                let all = known.columns.map(\.name)
                if all != data.columns {
                    if known.columns.filter({ !$0.isGenerated }).map(\.name) == data.columns {
                        open.defaultsTemplate = known.columns.map(\.isGenerated)
                    } else {
                        listColumns = true
                    }
                }
            }
            var prefix = "INSERT INTO \(name)"
            if listColumns {
                prefix += " (" + data.columns.map(SQLIdentifier.quote).joined(separator: ", ") + ")"
            }
            if observer.hasIdentityAlways(data.table) { prefix += " OVERRIDING SYSTEM VALUE" }
            prefix += " VALUES"
            open.insertPrefix = Array(prefix.utf8)
        }
        table = open
    }

    private func write(_ batch: RowBatch, of open: OpenTable) throws {
        let width = open.data.columns.count
        for offset in 0..<batch.count where batch.width(ofRow: offset) != width {
            throw VeilError(
                .internal, "a row has \(batch.width(ofRow: offset)) fields for \(width) columns",
                location: .init(table: batch.table, row: batch.firstRowNumber + offset))
        }
        switch open.data.style {
        case .copy:
            try file.withBuffer { output in CopyText.appendLines(of: batch, to: &output) }
        case .insert:
            var sizes = batch.statementSizes
            if sizes.reduce(0, +) != batch.count { sizes = Array(repeating: 1, count: batch.count) }
            let multiRow = sizes.contains { $0 > 1 }
            var next = 0
            for size in sizes where size > 0 {
                try file.withBuffer { output in
                    output.append(contentsOf: open.insertPrefix)
                    for index in next..<(next + size) {
                        if multiRow {
                            output.append(contentsOf: index == next ? Self.firstRowOpen : Self.nextRowOpen)
                        } else {
                            output.append(contentsOf: Self.singleRowOpen)
                        }
                        appendValues(batch.row(index), of: open, to: &output)
                        output.append(UInt8(ascii: ")"))
                    }
                    output.append(contentsOf: Self.statementEnd)
                }
                next += size
            }
        }
    }

    private static let singleRowOpen = Array(" (".utf8)
    private static let firstRowOpen = Array("\n\t(".utf8)
    private static let nextRowOpen = Array(",\n\t(".utf8)
    private static let statementEnd = Array(";\n".utf8)
    private static let separator = Array(", ".utf8)
    private static let nullWord = Array("NULL".utf8)
    private static let defaultWord = Array("DEFAULT".utf8)

    private func appendValues(_ row: Row, of open: OpenTable, to output: inout [UInt8]) {
        var fields = row.makeIterator()
        var first = true
        for isDefault in open.defaultsTemplate ?? Array(repeating: false, count: row.count) {
            if !first { output.append(contentsOf: Self.separator) }
            first = false
            if isDefault {
                output.append(contentsOf: Self.defaultWord)
            } else if let field = fields.next(), let value = field {
                SQLLiteral.quote(value, standardConformingStrings: open.standardConformingStrings, into: &output)
            } else {
                output.append(contentsOf: Self.nullWord)
            }
        }
    }
}
