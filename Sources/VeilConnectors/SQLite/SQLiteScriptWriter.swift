import VeilCore
import VeilFiles

/// Writes a SQL script in SQLite's own dialect, as `sqlite3 .dump` does, as a ``RowSink``; `sqlite3 new.db <
/// FILE` loads it.
///
/// The script is `PRAGMA foreign_keys=OFF;` and `BEGIN TRANSACTION;`, then the stream: `.passthrough` text
/// verbatim (a SQLite source framed by ``SQLiteSchemaScript``: its `CREATE TABLE` statements before the rows, its
/// indexes, triggers and views after them), each row as `INSERT INTO "t" VALUES(...);` (with a column list when
/// the rows leave out generated columns), and `COMMIT;` at ``complete()``. Values are written as ``SQLiteLiteral``
/// renders them for their column's declared type, so the loaded database holds what ``SQLiteWriter`` would have
/// written.
///
/// Bytes go to a temporary file next to `path` (mode 0600); ``complete()`` completes it there, ``publish()`` renames
/// it into place, ``abort()`` (or deinit before publishing) removes it, so a failed run leaves no file. Errors carry code `.target` and never a value.
public final class SQLiteScriptWriter: RowSink {
    public let path: String
    private let file: AtomicFileWriter
    private var schema = DatabaseSchema()
    private var table: OpenTable?
    private var hasBegun = false
    private var isClosed = false

    /// The table whose rows are being written.
    private struct OpenTable {
        var name: TableName
        var width: Int
        /// `INSERT INTO "t" VALUES(` or `INSERT INTO "t"("a","b") VALUES(`.
        var prefix: [UInt8]
        var affinities: [SQLiteLiteral.Affinity]
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

    public func begin(schema: DatabaseSchema) throws {
        self.schema = schema
        try writeHeader()
    }

    public func write(_ item: SourceItem) throws {
        guard !isClosed else { throw VeilError(.internal, "the SQLite script writer for \(path) is already closed") }
        try writeHeader()
        switch item {
        case .passthrough(let text):
            guard table == nil else {
                throw VeilError(.internal, "passthrough text arrived inside the rows of \(table!.name)")
            }
            try file.write(text)
            if !text.isEmpty && !text.hasSuffix("\n") { try file.write("\n") }
        case .beginTable(let data):
            guard table == nil else {
                throw VeilError(.internal, "the rows of \(data.table) began before \(table!.name) ended")
            }
            table = open(data)
        case .rows(let batch):
            guard let open = table, open.name == batch.table else {
                throw VeilError(.internal, "rows of \(batch.table) arrived outside its table data")
            }
            try write(batch, of: open)
        case .endTable(let name):
            guard let open = table, open.name == name else {
                throw VeilError(.internal, "the end of \(name) arrived outside its table data")
            }
            table = nil
        }
    }

    public func complete() throws {
        guard !isClosed else { throw VeilError(.internal, "the SQLite script writer for \(path) is already closed") }
        if let open = table {
            abort()
            throw VeilError(.internal, "the table data of \(open.name) was not ended")
        }
        try writeHeader()
        try file.write("COMMIT;\n")
        isClosed = true
        try file.complete()
    }

    public func publish() throws { try file.publish() }

    public var stagedPath: String? { file.temporaryPath }

    public func abort() {
        isClosed = true
        file.discard()
    }

    private func writeHeader() throws {
        guard !hasBegun else { return }
        hasBegun = true
        try file.write("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n")
    }

    private func open(_ data: TableData) -> OpenTable {
        let declared = schema[data.table]
        let allColumns = declared?.columns.map(\.name)
        var prefix = "INSERT INTO \(SQLiteSyntax.quote(data.table.name))"
        if allColumns != data.columns {
            prefix += "(" + data.columns.map(SQLiteSyntax.quote).joined(separator: ",") + ")"
        }
        prefix += " VALUES("
        let affinities = data.columns.map { name in
            SQLiteLiteral.Affinity(declaredType: declared?.column(named: name)?.type ?? "TEXT")
        }
        return OpenTable(
            name: data.table, width: data.columns.count, prefix: Array(prefix.utf8), affinities: affinities)
    }

    private func write(_ batch: RowBatch, of open: OpenTable) throws {
        for offset in 0..<batch.count where batch.width(ofRow: offset) != open.width {
            throw VeilError(
                .internal, "a row has \(batch.width(ofRow: offset)) fields for \(open.width) columns",
                location: .init(table: batch.table, row: batch.firstRowNumber + offset))
        }
        try file.withBuffer { output in
            for (offset, row) in batch.rows.enumerated() {
                output.append(contentsOf: open.prefix)
                for (index, field) in row.enumerated() {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    SQLiteLiteral.append(
                        field, affinity: open.affinities[index],
                        storageClass: batch.storageClasses?[offset, index] ?? .unknown, to: &output)
                }
                output.append(contentsOf: Self.statementEnd)
            }
        }
    }

    private static let statementEnd = Array(");\n".utf8)
}
