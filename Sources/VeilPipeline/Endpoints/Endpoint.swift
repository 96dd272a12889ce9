import Foundation
import VeilConnectors
import VeilCore

/// Where rows come from or go to, decided from a profile's `source:` / `target:` text.
public enum Endpoint: Sendable, Equatable, CustomStringConvertible {
    /// A plain-format pg_dump file (`.sql`).
    case plainDump(path: String)
    /// A SQLite database file (`.sqlite`, `.sqlite3`, `.db`, or `sqlite:PATH`).
    case sqlite(path: String)
    /// One CSV file (source only) or a folder of CSV files, one per table.
    case csv(path: String)

    public init(_ text: String, role: String) throws {
        let lowered = text.lowercased()
        if lowered.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
            return
        }
        if lowered.hasSuffix(".sql") {
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
            self = .csv(path: text)
            return
        }
        var isDirectory: ObjCBool = false
        if text.hasSuffix("/") || (FileManager.default.fileExists(atPath: text, isDirectory: &isDirectory)
            && isDirectory.boolValue)
        {
            self = .csv(path: text)
            return
        }
        let kind: String
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            kind = "live PostgreSQL"
        } else if lowered.hasSuffix(".dump") {
            kind = "pg_dump custom-format"
        } else {
            throw VeilError(
                .usage,
                "cannot tell what kind of \(role) `\(text)` is: use a plain pg_dump .sql file, a SQLite "
                    + ".sqlite/.db file, a .csv file or a folder of CSV files (ending in /)")
        }
        throw VeilError(.usage, "\(kind) \(role)s are not supported by this version yet")
    }

    public var description: String {
        switch self {
        case .plainDump(let path), .sqlite(let path), .csv(let path): path
        }
    }

    private var path: String { description }

    /// `public` for PostgreSQL-shaped sources, where a bare table name in a profile means
    /// `public.table`; none for SQLite and CSV, whose tables have no schema.
    var defaultSchema: String {
        switch self {
        case .plainDump: "public"
        case .sqlite, .csv: ""
        }
    }

    func openSource(keepLargeObjects: Bool, keepComments: Bool) throws -> RowSource {
        switch self {
        case .plainDump(let path):
            var options = PgDumpReaderOptions()
            options.keepLargeObjects = keepLargeObjects
            options.keepComments = keepComments
            return try PgDumpReader(path: path, options: options)
        case .sqlite(let path): return try SQLiteReader(path: path)
        case .csv(let path): return try CSVReader(path: path)
        }
    }

    /// Opens the target, creating its parent directory if needed.
    func openSink() throws -> RowSink {
        let parent = URL(fileURLWithPath: path.hasSuffix("/") ? String(path.dropLast()) : path)
            .deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw VeilError(.target, "cannot create the directory \(parent)")
        }
        switch self {
        case .plainDump(let path): return try PgDumpWriter(path: path)
        case .sqlite(let path): return try SQLiteWriter(path: path)
        case .csv(let path): return try CSVWriter(path: path)
        }
    }

    /// The file's (or folder's) identity, for refusing a target that is the source.
    var fileIdentity: String? {
        Self.canonicalPath(path.hasSuffix("/") ? String(path.dropLast()) : path)
    }

    static func canonicalPath(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().resolvingSymlinksInPath().path
        let resolved = URL(fileURLWithPath: directory).appendingPathComponent(url.lastPathComponent)
        return resolved.resolvingSymlinksInPath().path
    }

    /// Bytes of the file, or of every file in the folder.
    var byteCount: Int {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return 0 }
        func size(_ file: String) -> Int {
            ((try? manager.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? 0
        }
        guard isDirectory.boolValue else { return size(path) }
        let files = (try? manager.contentsOfDirectory(atPath: path)) ?? []
        return files.reduce(0) { $0 + size(path + "/" + $1) }
    }
}
