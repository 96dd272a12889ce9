import Foundation
import VeilConnectors
import VeilCore
import VeilFiles
import VeilPipeline

/// `veil scan SOURCE`: reads the source's schema and the first rows of each table, and suggests a complete
/// profile — every table and column with a rule, the uncertain ones marked `review:`. Values are only counted
/// (see ``ColumnSample``), never written into the skeleton or printed.
public struct ProfileScan {
    public struct Request: Sendable {
        /// Any source text a profile's `source:` accepts.
        public var source: String
        /// Rows sampled per table.
        public var rowsPerTable: Int
        /// Where to write the skeleton (atomically, mode 0600); `nil`: only return it.
        public var out: String?
        /// Replace an existing `out` file.
        public var force: Bool
        /// How a CSV source separates and quotes fields (`--csv-delimiter`, `--csv-quote`).
        public var csv: CSVDialect

        public init(
            source: String, rowsPerTable: Int = 1000, out: String? = nil, force: Bool = false,
            csv: CSVDialect = .standard
        ) {
            self.source = source
            self.rowsPerTable = rowsPerTable
            self.out = out
            self.force = force
            self.csv = csv
        }
    }

    public struct Outcome: Sendable {
        public var skeleton: ProfileSkeleton
        /// The profile YAML.
        public var yaml: String
        /// The schema lock written beside `--out` (the schema the skeleton was made from), or nil without `--out`.
        public var lockPath: String? = nil
    }

    public let request: Request

    public init(request: Request) {
        self.request = request
    }

    public func execute() throws -> Outcome {
        guard request.rowsPerTable >= 0 else { throw VeilError(.usage, "--sample must be 0 or more rows") }
        if let out = request.out, !request.force, FileManager.default.fileExists(atPath: out) {
            throw VeilError(.target, "\(out) exists; pass --force to replace it")
        }
        let endpoint = try Endpoint(request.source, role: "source", csv: request.csv)
        let reader = try endpoint.openSource(keepLargeObjects: false, keepComments: false).reader
        let schema = try reader.schema()
        if let queryable = reader as? SubsetQueryableSource {
            for table in schema.tables {
                queryable.setRowFilter(RowFilter(condition: nil, limit: request.rowsPerTable), for: table.name)
            }
        }
        let samples = try SourceSampler(rowsPerTable: request.rowsPerTable).sample(reader)
        var skeleton = ProfileSkeleton(
            source: Self.withoutPassword(request.source), sourceDescription: endpoint.description,
            defaultSchema: endpoint.defaultSchema, target: Self.target(for: endpoint).path,
            targetComment: Self.target(for: endpoint).comment, rowsPerTable: request.rowsPerTable,
            tables: SkeletonBuilder(schema: schema, samples: samples, defaultSchema: endpoint.defaultSchema).tables())
        if case .csv(_, let dialect) = endpoint { skeleton.csv = dialect }
        let yaml = ProfileSkeletonWriter(version: VeilVersion.current).yaml(skeleton)
        var outcome = Outcome(skeleton: skeleton, yaml: yaml)
        if let out = request.out {
            try write(yaml, to: out)
            // The schema the skeleton lists is the one its review is about: lock it beside the profile.
            outcome.lockPath = try SchemaLockFile.write(
                schema, defaultSchema: endpoint.defaultSchema, besideProfile: out)
        }
        return outcome
    }

    private func write(_ yaml: String, to path: String) throws {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw VeilError(.target, "cannot create the directory \(parent)")
        }
        let file = try AtomicFileWriter(path: path)
        try file.write(yaml)
        try file.commit()
    }

    /// A placeholder target of a kind the source can feed: a plain dump from a pg_dump, else a SQLite file.
    static func target(for source: Endpoint) -> (path: String, comment: String?) {
        let stem = URL(fileURLWithPath: source.description).deletingPathExtension().lastPathComponent
        switch source {
        case .plainDump:
            return ("out/\(stem)-masked.sql", "or a .sqlite file, a CSV folder/, postgresql://... (veil refresh)")
        case .sqlite: return ("out/\(stem)-masked.sqlite", "or a CSV folder/")
        case .csv: return ("out/\(stem)-masked/", "a CSV folder; or a .sqlite file")
        case .postgres:
            let database =
                source.description.split(separator: "/").last.map {
                    String($0.split(separator: "?").first ?? $0)
                } ?? "source"
            return ("out/\(database)-masked.sqlite", "or postgresql://STAGING/DB to refresh staging (veil refresh)")
        }
    }

    /// A URL without its password (`postgresql://user:secret@host/db` → `postgresql://user@host/db`, and no
    /// `password=` parameter): the profile takes the password from `PGPASSWORD` or `.pgpass` instead.
    static func withoutPassword(_ source: String) -> String {
        let lowered = source.lowercased()
        guard lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") else { return source }
        var text = source
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@"),
            let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
        {
            text.removeSubrange(colon..<at)
        }
        if let query = text.firstIndex(of: "?") {
            let parameters = text[text.index(after: query)...].split(separator: "&")
                .filter { !$0.lowercased().hasPrefix("password=") }
            text = String(text[..<query]) + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
        }
        return text
    }
}
