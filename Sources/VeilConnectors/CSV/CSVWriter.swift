import VeilCore
import VeilFiles

/// Writes a stream as a folder of RFC 4180 CSV files, one per table, completed by ``complete()`` and published
/// atomically by ``publish()``.
///
/// A table's file is `<table>.csv` when its schema is empty or `public`, else `<schema>.<table>.csv`. Rows of a
/// partition (or inheritance) child, as given by `parent` in the schema passed to ``begin(schema:)``, go into
/// the file of its root parent, whose header comes from the first ``TableData`` written there; a child whose
/// columns come in another order is reordered by name. Every table of that schema without rows still gets a
/// header-only file. Values are written as ``CSVReader`` reads them back: NULL as nothing, the empty string as
/// `""` (see ``CSVFieldEncoder``). `.passthrough` items are ignored. Given ``GeneratedColumnValues``, a table's
/// generated columns are written too, in the table's column order, computed from each row as written (so from
/// masked values where their inputs are masked).
///
/// Files are written into a temporary sibling folder (mode 0700, files 0600) and appear under the target's
/// name only when ``publish()`` succeeds. A file is synced and closed as soon as every schema table whose rows go
/// there has ended (so open files stay few however many tables there are); data for such a table arriving
/// again later is refused. Files of tables missing from the schema stay open until ``complete()``. See
/// ``CSVFolderPublisher`` for the swap of an existing folder.
/// ``abort()``, or releasing the writer without publishing, deletes the temporary folder.
///
/// Failures are ``VeilError``s with code `.target`; they name tables and paths, never values.
public final class CSVWriter: RowSink {
    /// The target folder, without a trailing slash.
    public let path: String
    private let publisher: CSVFolderPublisher
    private var schema = DatabaseSchema()
    private var files: [String: OpenFile] = [:]
    private var fileOrder: [String] = []
    /// The file the current table's rows go to, the order to write its fields in (indexes into the row followed by
    /// its generated values), and the generated columns computed for it.
    private var current: (table: TableName, file: String, order: [Int]?, columns: [String], generated: [String])?
    private let generatedValues: (any GeneratedColumnValues)?
    private var closed = false
    private var published = false

    /// Per file, the tables of the schema whose rows go there and whose data has not ended yet. When the set
    /// becomes empty the file is completed at once, so at most the files of unfinished tables stay open.
    private var unfinished: [String: Set<TableName>] = [:]

    private final class OpenFile {
        let writer: AtomicFileWriter
        let header: [String]
        var completed = false
        init(writer: AtomicFileWriter, header: [String]) {
            self.writer = writer
            self.header = header
        }
    }

    /// Creates the temporary folder next to `path`.
    /// - Parameter path: the target folder (a trailing `/` is allowed). It may exist if it holds only `.csv`
    ///   files (an earlier output), which ``complete()`` then replaces.
    ///   - generatedValues: computes generated columns for the files (`nil`: generated columns are left out).
    public init(path: String, generatedValues: (any GeneratedColumnValues)? = nil) throws {
        publisher = try CSVFolderPublisher(target: path)
        self.path = publisher.target
        self.generatedValues = generatedValues
    }

    deinit {
        if !published { abort() }
    }

    /// Keeps the schema for partition parents and for header-only files of tables without rows.
    public func begin(schema: DatabaseSchema) throws {
        self.schema = schema
        try generatedValues?.begin(schema: schema)
        unfinished = [:]
        var rootOfFile: [String: TableName] = [:]
        for table in schema.tables {
            let root = rootTable(of: table.name)
            let fileName = try Self.fileName(for: root)
            if let other = rootOfFile[fileName], other != root {
                throw VeilError(.target, "the tables \(other) and \(root) would both be written to \(fileName)")
            }
            rootOfFile[fileName] = root
            unfinished[fileName, default: []].insert(table.name)
        }
    }

    public func write(_ item: SourceItem) throws {
        guard !closed else { throw VeilError(.target, "the CSV writer for \(path) is already closed") }
        switch item {
        case .passthrough:
            return
        case .beginTable(let data):
            try beginTable(data)
        case .rows(let batch):
            guard let current, current.table == batch.table, let file = files[current.file] else {
                throw VeilError(.target, "rows of \(batch.table) came without the start of its table data")
            }
            for offset in 0..<batch.count where batch.width(ofRow: offset) != current.columns.count {
                throw VeilError(
                    .target,
                    "a row has \(batch.width(ofRow: offset)) fields where \(current.columns.count) columns were "
                        + "announced",
                    location: .init(table: batch.table, row: batch.firstRowNumber + offset))
            }
            var rows = batch.rows
            if let generatedValues, !current.generated.isEmpty {
                let values = try generatedValues.values(of: batch, columns: current.columns)
                for index in rows.indices { rows[index] += values[index] }
            }
            try file.writer.withBuffer { buffer in
                for row in rows { CSVFieldEncoder.appendRecord(row, order: current.order, to: &buffer) }
            }
        case .endTable(let table):
            if let current, current.table == table, let file = files[current.file],
                var pending = unfinished[current.file]
            {
                pending.remove(table)
                unfinished[current.file] = pending
                if pending.isEmpty {
                    try file.writer.commit()
                    file.completed = true
                }
            }
            current = nil
        }
    }

    private func beginTable(_ data: TableData) throws {
        let root = rootTable(of: data.table)
        let fileName = try Self.fileName(for: root)
        let generated = (generatedValues?.generatedColumns(of: data.table) ?? []).filter { !data.columns.contains($0) }
        let columns = data.columns + generated
        let file = try openFile(fileName, header: Self.inTableOrder(columns, schema[data.table]), table: data.table)
        guard !file.completed else {
            throw VeilError(
                .target, "data of \(data.table) came after its CSV file \(fileName) was completed",
                location: .init(table: data.table))
        }
        var order: [Int]? = nil
        if file.header != columns {
            var index: [String: Int] = [:]
            for (position, column) in columns.enumerated() { index[column] = position }
            let mapped = file.header.compactMap { index[$0] }
            guard mapped.count == file.header.count, columns.count == file.header.count else {
                throw VeilError(
                    .target, "the columns of \(data.table) differ from those of \(root), whose CSV file it shares",
                    location: .init(table: data.table))
            }
            order = mapped
        }
        current = (data.table, fileName, order, data.columns, generated)
    }

    /// `columns` in the order `table` declares them (as given when the table does not list them all).
    private static func inTableOrder(_ columns: [String], _ table: TableSchema?) -> [String] {
        guard let table else { return columns }
        let wanted = Set(columns)
        let ordered = table.columns.map(\.name).filter(wanted.contains)
        return ordered.count == columns.count ? ordered : columns
    }

    private func openFile(_ fileName: String, header: [String], table: TableName) throws -> OpenFile {
        if let file = files[fileName] { return file }
        let writer = try AtomicFileWriter(path: publisher.temporaryFile(fileName))
        try writer.withBuffer { CSVFieldEncoder.appendRecord(header.map { $0 }, order: nil, to: &$0) }
        let file = OpenFile(writer: writer, header: header)
        files[fileName] = file
        fileOrder.append(fileName)
        return file
    }

    /// The partition root of `table`: its parent's parent... as the schema says.
    /// The table whose file `table`'s rows go into (``OutputTableNaming/root(of:in:)``, shared with SQLite targets
    /// and the checks that read outputs back).
    private func rootTable(of table: TableName) -> TableName {
        OutputTableNaming.root(of: table, in: schema)
    }

    /// `<table>.csv` in the empty or `public` schema, else `<schema>.<table>.csv`.
    static func fileName(for table: TableName) throws -> String {
        let base = table.schema.isEmpty || table.schema == "public" ? table.name : "\(table.schema).\(table.name)"
        let fileName = base + ".csv"
        guard !base.isEmpty, !fileName.contains("/"), !fileName.contains("\0"), !base.hasPrefix(".") else {
            throw VeilError(.target, "the table name \(table) cannot be a CSV file name", location: .init(table: table))
        }
        return fileName
    }

    /// Writes header-only files for tables without rows, syncs every file and publishes the folder.
    public func complete() throws {
        guard !closed else { throw VeilError(.target, "the CSV writer for \(path) is already closed") }
        do {
            for table in schema.tables where rootTable(of: table.name) == table.name {
                let generated = Set(generatedValues?.generatedColumns(of: table.name) ?? [])
                let columns = table.columns.filter { !$0.isGenerated || generated.contains($0.name) }.map(\.name)
                _ = try openFile(try Self.fileName(for: table.name), header: columns, table: table.name)
            }
            for name in fileOrder where !files[name]!.completed { try files[name]!.writer.commit() }
        } catch {
            abort()
            throw error
        }
        closed = true
        files = [:]
    }

    /// Moves the finished folder under the target's name (see ``CSVFolderPublisher``).
    public func publish() throws {
        guard closed, !published else { throw VeilError(.internal, "the CSV folder \(path) is not ready to publish") }
        do {
            try publisher.publish()
        } catch {
            abort()
            throw error
        }
        published = true
    }

    public var stagedPath: String? { publisher.temporary }

    /// Deletes everything written; the target is left as it was.
    public func abort() {
        for file in files.values { file.writer.discard() }
        files = [:]
        publisher.discard()
        closed = true
    }
}
