import Foundation
import VeilConnectors
import VeilCore

/// Where rows come from or go to, decided from a profile's `source:` / `target:` text.
public enum Endpoint: Sendable, Equatable, CustomStringConvertible {
    /// A pg_dump: a plain-format `.sql` file, or (as a source) a custom-format `.dump` or a directory
    /// archive, read through `pg_restore -f -`.
    case plainDump(path: String)
    /// A SQLite database file (`.sqlite`, `.sqlite3`, `.db`, or `sqlite:PATH`).
    case sqlite(path: String)
    /// One CSV file (source only) or a folder of CSV files, one per table, read in `dialect` (a target is always
    /// written in RFC 4180's `,` and `"`).
    case csv(path: String, dialect: CSVDialect = .standard)
    /// A live PostgreSQL database (`postgresql://...` or `postgres://...`). As a target it is refreshed: built
    /// beside the named database and swapped in (see `StagingRefresh`).
    case postgres(url: String)

    /// - Parameter csv: how a CSV source separates and quotes fields (the profile's `csv:`); ignored for anything
    ///   else.
    public init(_ text: String, role: String, csv: CSVDialect = .standard) throws {
        let lowered = text.lowercased()
        if lowered.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
            return
        }
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            self = .postgres(url: text)
            return
        }
        if lowered.hasSuffix(".sql") {
            self = .plainDump(path: text)
            return
        }
        if role == "source", PgDumpReader.isArchive(path: text) {
            self = .plainDump(path: text)
            return
        }
        if lowered.hasSuffix(".sqlite") || lowered.hasSuffix(".sqlite3") || lowered.hasSuffix(".db") {
            self = .sqlite(path: text)
            return
        }
        if lowered.hasSuffix(".csv") {
            guard role == "source" else {
                throw VeilError(.usage, "a CSV \(role) is a folder (one file per table): write `\(text)/` instead")
            }
            self = .csv(path: text, dialect: csv)
            return
        }
        var isDirectory: ObjCBool = false
        if text.hasSuffix("/")
            || (FileManager.default.fileExists(atPath: text, isDirectory: &isDirectory)
                && isDirectory.boolValue)
        {
            self = .csv(path: text, dialect: csv)
            return
        }
        if lowered.hasSuffix(".dump") {
            guard role == "source" else {
                throw VeilError(.usage, "a pg_dump archive cannot be a target: write a plain .sql dump instead")
            }
            throw VeilError(.source, "`\(text)` is missing, unreadable or not a pg_dump custom-format archive")
        }
        throw VeilError(
            .usage,
            "cannot tell what kind of \(role) `\(text)` is: use a pg_dump (.sql, .dump or a directory archive), "
                + "a SQLite .sqlite/.db file, a .csv file or a folder of CSV files (ending in /), or a "
                + "postgresql:// URL")
    }

    /// The path, or for a URL the URL without its password, fit for messages and reports.
    public var description: String {
        switch self {
        case .plainDump(let path), .sqlite(let path), .csv(let path, _): path
        case .postgres(let url): Self.redactingPassword(url)
        }
    }

    /// `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`; `password=` query values too.
    static func redactingPassword(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@"),
            let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
        {
            text.replaceSubrange(text.index(after: colon)..<at, with: "***")
        }
        if let password = text.range(of: "password=") {
            let end = text[password.upperBound...].firstIndex(of: "&") ?? text.endIndex
            text.replaceSubrange(password.upperBound..<end, with: "***")
        }
        return text
    }

    private var path: String {
        switch self {
        case .plainDump(let path), .sqlite(let path), .csv(let path, _): path
        case .postgres(let url): url
        }
    }

    /// `public` for PostgreSQL-shaped sources, where a bare table name in a profile means
    /// `public.table`; none for SQLite and CSV, whose tables have no schema.
    package var defaultSchema: String {
        switch self {
        case .plainDump, .postgres: "public"
        case .sqlite, .csv: ""
        }
    }

    /// True for a `.sql` target.
    var isPlainDump: Bool {
        if case .plainDump = self { return true }
        return false
    }

    /// True when reading this output back gives each table's rows in the order they were written: a file (a dump,
    /// CSV); not a database (PostgreSQL and SQLite read a table in the order of its key, which masking may change).
    var readsBackInWrittenOrder: Bool {
        switch self {
        case .plainDump, .csv: true
        case .sqlite, .postgres: false
        }
    }

    /// True when the target reproduces the source's DDL (a plain dump, a PostgreSQL database), so a live source
    /// must bring its `pg_dump --schema-only` sections along.
    var needsSourceDDL: Bool {
        switch self {
        case .plainDump, .postgres: true
        case .sqlite, .csv: false
        }
    }

    /// Opens the source; a live PostgreSQL source `withDDL` comes framed by its schema's pre-data and post-data
    /// sections, read from the same snapshot as its rows, and a SQLite source `withDDL` by its own `CREATE`
    /// statements (``SQLiteSchemaScript``), for a SQLite script.
    /// - Parameters:
    ///   - connections: how many sessions a live PostgreSQL source reads tables with at once.
    ///   - forDumpFile: the DDL goes into a plain dump, so a live PostgreSQL source's post-data ends with
    ///     ``SequenceCatchUpScript`` (a PostgreSQL target runs ``SequenceCatchUp`` itself).
    package func openSource(
        keepLargeObjects: Bool, keepComments: Bool, withDDL: Bool = false, forDumpFile: Bool = false,
        connections: Int = 1
    ) throws -> OpenedSource {
        switch self {
        case .plainDump(let path):
            var options = PgDumpReaderOptions()
            options.keepLargeObjects = keepLargeObjects
            options.keepComments = keepComments
            return OpenedSource(reader: try PgDumpReader(path: path, options: options))
        case .sqlite(let path):
            let reader = try SQLiteReader(path: path)
            guard withDDL else { return OpenedSource(reader: reader) }
            let sections = try SQLiteSchemaScript.sections(path: path)
            return OpenedSource(reader: SchemaFramedSource(reader, sections: sections))
        case .csv(let path, let dialect): return OpenedSource(reader: try CSVReader(path: path, dialect: dialect))
        case .postgres(let url):
            let reader = try PostgresReader(conninfo: url, connections: connections)
            guard withDDL else { return OpenedSource(reader: reader, snapshotID: reader.snapshotID) }
            var sections = try SchemaSections.dump(conninfo: url, snapshot: reader.snapshotID)
            if forDumpFile { sections.postData += SequenceCatchUpScript.sql }
            return OpenedSource(reader: SchemaFramedSource(reader, sections: sections), snapshotID: reader.snapshotID)
        }
    }

    /// Opens the target, creating its parent directory if needed. A `.sql` target fed by a SQLite source is a
    /// script in SQLite's own dialect (``SQLiteScriptWriter``); fed by anything else, a pg_dump plain dump. A SQLite
    /// target fed by a SQLite source reproduces that source's own DDL (``SQLiteSchemaScript``). A CSV target writes
    /// generated columns too, computed by SQLite from the row as written (``SQLiteGeneratedColumns``).
    package func openSink(fedBy source: Endpoint? = nil) throws -> RowSink {
        let parent = URL(fileURLWithPath: path.hasSuffix("/") ? String(path.dropLast()) : path)
            .deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw VeilError(.target, "cannot create the directory \(parent)")
        }
        switch self {
        case .plainDump(let path):
            if case .sqlite = source { return try SQLiteScriptWriter(path: path) }
            return try PgDumpWriter(path: path)
        case .sqlite(let path):
            if case .sqlite(let sourcePath) = source {
                return try SQLiteWriter(path: path, sourceDDL: SQLiteSchemaScript.sections(path: sourcePath))
            }
            return try SQLiteWriter(path: path)
        case .csv(let path, _):
            if case .sqlite(let sourcePath) = source {
                return try CSVWriter(path: path, generatedValues: SQLiteGeneratedColumns(sourcePath: sourcePath))
            }
            return try CSVWriter(path: path, generatedValues: SQLiteGeneratedColumns())
        case .postgres: throw VeilError(.internal, "a PostgreSQL target is loaded by a refresh, not opened as a file")
        }
    }

    /// The file's (or folder's) identity, for refusing a target that is the source.
    var fileIdentity: String? {
        if case .postgres = self { return nil }
        return Self.canonicalPath(path.hasSuffix("/") ? String(path.dropLast()) : path)
    }

    /// Whether a target can be built from this source: a plain dump or a PostgreSQL target reproduces the source's
    /// own DDL, which a pg_dump carries and a live PostgreSQL source gives through `pg_dump --schema-only`. A
    /// `snapshot` also writes a SQLite source to a `.sql` target, as a SQLite script (``SQLiteScriptWriter``);
    /// `veil run` does not, since its leak check reads a `.sql` output back as a pg_dump.
    func canFeed(_ target: Endpoint, snapshot: Bool = false) -> Bool {
        switch (self, target) {
        case (.plainDump, .plainDump), (.plainDump, .postgres), (.postgres, .postgres), (.postgres, .plainDump): true
        case (.sqlite, .plainDump): snapshot
        case (_, .plainDump), (_, .postgres): false
        default: true
        }
    }

    static func canonicalPath(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().resolvingSymlinksInPath().path
        let resolved = URL(fileURLWithPath: directory).appendingPathComponent(url.lastPathComponent)
        return resolved.resolvingSymlinksInPath().path
    }

    /// The same kind of endpoint at another path: where a sink keeps its finished output until it publishes it
    /// (``RowSink/stagedPath``), so the run can read and digest what it is about to publish.
    package func staged(at path: String?) -> Endpoint {
        guard let path else { return self }
        switch self {
        case .plainDump: return .plainDump(path: path)
        case .sqlite: return .sqlite(path: path)
        case .csv: return .csv(path: path)
        case .postgres: return self
        }
    }

    /// How this target names the tables it holds (see ``OutputTableNaming``).
    package var outputNaming: OutputTableNaming {
        switch self {
        case .plainDump, .postgres: .plainDump
        case .sqlite: .sqlite
        case .csv: .csv
        }
    }

    /// Bytes of the file, or of every file in the folder.
    var byteCount: Int {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if case .postgres = self { return 0 }
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return 0 }
        func size(_ file: String) -> Int {
            ((try? manager.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? 0
        }
        guard isDirectory.boolValue else { return size(path) }
        let files = (try? manager.contentsOfDirectory(atPath: path)) ?? []
        return files.reduce(0) { $0 + size(path + "/" + $1) }
    }
}

/// An open source, with the snapshot a live PostgreSQL source reads from (for other sessions that must see the
/// same moment).
package struct OpenedSource {
    package var reader: RowSource
    package var snapshotID: String?
}
