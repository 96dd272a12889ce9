import Foundation
import VeilConnectors
import VeilCore

/// Where rows come from or go to, decided from a profile's `source:` / `target:` text.
public enum Endpoint: Sendable, Equatable, CustomStringConvertible {
    /// A plain-format pg_dump file (`.sql`).
    case plainDump(path: String)

    public init(_ text: String, role: String) throws {
        let lowered = text.lowercased()
        if lowered.hasSuffix(".sql") {
            self = .plainDump(path: text)
            return
        }
        let kind: String
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            kind = "live PostgreSQL"
        } else if lowered.hasSuffix(".sqlite") || lowered.hasSuffix(".db") || lowered.hasPrefix("sqlite:") {
            kind = "SQLite"
        } else if lowered.hasSuffix(".csv") || lowered.hasSuffix("/") {
            kind = "CSV"
        } else if lowered.hasSuffix(".dump") {
            kind = "pg_dump custom format"
        } else {
            throw VeilError(.usage, "cannot tell what kind of \(role) `\(text)` is; a plain pg_dump file ends in .sql")
        }
        throw VeilError(.usage, "\(kind) \(role)s are not supported by this version yet; use a plain pg_dump .sql file")
    }

    public var description: String {
        switch self {
        case .plainDump(let path): path
        }
    }

    /// `public` for PostgreSQL-shaped sources: a bare table name in a profile means `public.table`.
    var defaultSchema: String {
        switch self {
        case .plainDump: "public"
        }
    }

    func openSource(keepLargeObjects: Bool, keepComments: Bool) throws -> RowSource {
        switch self {
        case .plainDump(let path):
            var options = PgDumpReaderOptions()
            options.keepLargeObjects = keepLargeObjects
            options.keepComments = keepComments
            return try PgDumpReader(path: path, options: options)
        }
    }

    /// Opens the target, creating its directory if needed.
    func openSink() throws -> RowSink {
        switch self {
        case .plainDump(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw VeilError(.target, "cannot create the directory \(directory)")
            }
            return try PgDumpWriter(path: path)
        }
    }

    /// The file's identity, for refusing a target that is the source.
    var fileIdentity: String? {
        switch self {
        case .plainDump(let path): Self.canonicalPath(path)
        }
    }

    static func canonicalPath(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().resolvingSymlinksInPath().path
        let resolved = URL(fileURLWithPath: directory).appendingPathComponent(url.lastPathComponent)
        return resolved.resolvingSymlinksInPath().path
    }

    var byteCount: Int {
        switch self {
        case .plainDump(let path):
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        }
    }
}
