import Foundation
import VeilCore

/// Reads one RFC 4180 CSV file, or a folder of them, as a ``RowSource``.
///
/// Each file is one table named after the file without its extension, in the empty schema
/// (`patients.csv` → `patients`); a folder's `.csv` files are read in name order (hidden files are skipped).
/// The header row names the columns, all of type `text`.
///
/// Values follow PostgreSQL's `COPY ... CSV` convention: an unquoted empty field is NULL, a quoted empty field
/// (`""`) is the empty string. Quoted fields may hold commas, `""` for a quote, and line breaks. Lines end
/// with LF or CRLF; a UTF-8 byte order mark and a missing final line end are accepted.
///
/// The first call to ``schema()``, ``expectedRowCounts()`` or ``next()`` makes a fast validating pass over
/// every file (bytes only, nothing decoded): a record with the wrong number of fields, a quoted field left open
/// at the end of the file (a truncated file), a stray character after a closing quote, or invalid UTF-8 fails
/// with a `.source` ``VeilError`` naming the file, line and row, before any item is streamed. Files are read
/// in chunks, so memory is bounded by the chunk, the batch and the largest record.
public final class CSVReader: RowSource {
    /// Bytes read from a file at a time.
    static let defaultChunkSize = 1 << 20

    /// The file or folder given.
    public let path: String
    /// Rows per ``RowBatch``.
    public let batchSize: Int
    /// The files read, in order, with their tables.
    let files: [(path: String, table: TableName)]
    private let chunkSize: Int
    /// How the files separate and quote fields.
    let dialect: CSVDialect
    private var prescan: (schema: DatabaseSchema, counts: [TableName: Int])?
    private var fileIndex = 0
    private var current: CSVFileScanner?

    /// Lists the files to read; nothing is read yet.
    /// - Parameters:
    ///   - path: a `.csv` file, or a folder whose `.csv` files are read in name order.
    ///   - batchSize: rows per batch.
    /// - Throws: ``VeilError`` `.source` when the path does not exist, or a folder holds no `.csv` file or two
    ///   files that give the same table name.
    ///   - dialect: the delimiter and quote (RFC 4180's `,` and `"` by default).
    public convenience init(path: String, batchSize: Int = 4096, dialect: CSVDialect = .standard) throws {
        try self.init(path: path, batchSize: batchSize, chunkSize: Self.defaultChunkSize, dialect: dialect)
    }

    /// As above, reading `chunkSize` bytes at a time (tests use tiny chunks to cross every boundary).
    init(path: String, batchSize: Int, chunkSize: Int, dialect: CSVDialect = .standard) throws {
        self.path = path
        self.batchSize = max(1, batchSize)
        self.chunkSize = chunkSize
        self.dialect = dialect
        self.files = try Self.listFiles(path)
    }

    private static func listFiles(_ path: String) throws -> [(path: String, table: TableName)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VeilError(.source, "the CSV source \(path) does not exist")
        }
        guard isDirectory.boolValue else {
            return [(path, table(forFile: (path as NSString).lastPathComponent))]
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw VeilError(.source, "cannot list the CSV folder \(path)")
        }
        let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
        let names = entries.filter { !$0.hasPrefix(".") && $0.lowercased().hasSuffix(".csv") }.sorted()
        guard !names.isEmpty else { throw VeilError(.source, "the CSV folder \(path) holds no .csv file") }
        var seen: [TableName: String] = [:]
        var files: [(path: String, table: TableName)] = []
        for name in names {
            let table = table(forFile: name)
            if let other = seen[table] {
                throw VeilError(.source, "the CSV files \(other) and \(name) in \(path) both give the table \(table)")
            }
            seen[table] = name
            files.append((folder + "/" + name, table))
        }
        return files
    }

    /// The table of a file: its name without the extension, in the empty schema.
    static func table(forFile name: String) -> TableName {
        let base = name.lastIndex(of: ".").map { name[..<$0] }.map(String.init) ?? name
        return TableName(schema: "", name: base.isEmpty ? name : base)
    }

    /// One table per file, with the header's columns as `text`. Validates every file first.
    public func schema() throws -> DatabaseSchema {
        try prescanned().schema
    }

    /// Data rows per table, counted by the validating pass.
    public func expectedRowCounts() throws -> [TableName: Int]? {
        try prescanned().counts
    }

    private func prescanned() throws -> (schema: DatabaseSchema, counts: [TableName: Int]) {
        if let prescan { return prescan }
        var schema = DatabaseSchema()
        var counts: [TableName: Int] = [:]
        for file in files {
            let scanner = try CSVFileScanner(path: file.path, table: file.table, chunkSize: chunkSize, dialect: dialect)
            let columns = scanner.columns.map { Column(name: $0, type: "text") }
            counts[file.table] = try scanner.countRecords()
            schema.upsert(TableSchema(name: file.table, columns: columns))
        }
        prescan = (schema, counts)
        return (schema, counts)
    }

    /// Per file: `.beginTable`, `.rows` batches numbered from 1, `.endTable`.
    public func next() throws -> SourceItem? {
        _ = try prescanned()
        if let scanner = current {
            var rows: [Row] = []
            rows.reserveCapacity(batchSize)
            let first = scanner.rowNumber + 1
            while rows.count < batchSize, try scanner.nextRecord() {
                rows.append(scanner.currentRow())
                scanner.finishRecord()
            }
            if !rows.isEmpty { return .rows(RowBatch(table: scanner.table, rows: rows, firstRowNumber: first)) }
            current = nil
            fileIndex += 1
            return .endTable(scanner.table)
        }
        guard fileIndex < files.count else { return nil }
        let file = files[fileIndex]
        let scanner = try CSVFileScanner(path: file.path, table: file.table, chunkSize: chunkSize, dialect: dialect)
        current = scanner
        return .beginTable(TableData(table: file.table, columns: scanner.columns, style: .copy))
    }
}
