import Foundation
import PostgresDriver
import VeilCore

/// A live database's DDL as `pg_dump` writes it, in its two sections: pre-data (types, functions,
/// tables, sequences, views — what rows need before they go in) and post-data (indexes, primary/unique/foreign
/// key constraints, triggers, rules — what is built after them). Reproducing the source's own DDL this way keeps
/// every object pg_dump knows about faithful, rather than re-deriving DDL from the catalog.
///
/// With the snapshot id a ``PostgresReader`` exported, the DDL is read from the same moment as the rows.
public struct SchemaSections: Sendable {
    public var preData: String
    public var postData: String

    public init(preData: String, postData: String) {
        self.preData = preData
        self.postData = postData
    }

    /// Runs `pg_dump` twice (`--section=pre-data`, `--section=post-data`).
    ///
    /// Without `--schema-only`: the post-data section then also holds `REFRESH MATERIALIZED VIEW` for every
    /// populated materialized view (pg_dump counts it as data, and `--schema-only` drops it), so the copy's views
    /// come out populated — from the masked rows — as after a restore of a full dump. No table data is read:
    /// the data section is not selected.
    ///
    /// The password never appears on pg_dump's command line (where `ps` shows it): it is taken out of the
    /// connection string and passed in `PGPASSWORD`.
    /// - Throws: `.source` ``VeilError`` with pg_dump's first message line when pg_dump is missing or fails.
    public static func dump(conninfo: String, snapshot: String?) throws -> SchemaSections {
        guard let executable = PostgresClientTools.executable(named: "pg_dump") else {
            throw VeilError(
                .source,
                "reading a live source's DDL needs pg_dump, which is neither on PATH nor in "
                    + "/usr/lib/postgresql/*/bin")
        }
        let info: ConnectionInfo
        do {
            info = try ConnectionInfo(conninfo)
        } catch let error as PostgresError {
            throw VeilError(.usage, "cannot read the source's connection string: \(error.message)")
        }
        var environment = ProcessInfo.processInfo.environment
        if let password = info.settings["password"] { environment["PGPASSWORD"] = password }
        var arguments = ["--no-password", "--dbname=\(info.withoutPassword.conninfo)"]
        if let snapshot { arguments.append("--snapshot=\(snapshot)") }
        let pre = try run(executable, arguments + ["--section=pre-data"], environment: environment)
        let post = try run(executable, arguments + ["--section=post-data"], environment: environment)
        return SchemaSections(preData: pre, postData: post)
    }

    private static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws
        -> String
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw VeilError(.source, "cannot run pg_dump (\(executable)): \(error.localizedDescription)")
        }
        let errorText = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorText.set(errors.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let text = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let message =
                String(decoding: errorText.get(), as: UTF8.self)
                .split(whereSeparator: \.isNewline).first.map(String.init) ?? "exit status \(process.terminationStatus)"
            let trimmed = message.hasPrefix("pg_dump: ") ? String(message.dropFirst("pg_dump: ".count)) : message
            throw VeilError(.source, "pg_dump could not read the source's schema: \(trimmed.prefix(300))")
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Bytes handed from a reading queue to the waiting caller.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}

/// A source wrapped in DDL: `pre` as passthrough before its first item, `post` after its last, so that sinks
/// which reproduce DDL (a plain dump, a PostgreSQL target, a SQLite script) get a live source's schema as a dump
/// would carry it.
///
/// When the wrapped reader can be subset (a live PostgreSQL database, a SQLite file), so can the framed source:
/// `veil snapshot` computes its closure through it and sets the row filters on the reader inside.
public final class SchemaFramedSource<Inner: RowSource>: RowSource {
    let inner: Inner
    private var pre: String?
    private var post: String?

    public init(_ inner: Inner, sections: SchemaSections) {
        self.inner = inner
        self.pre = sections.preData
        self.post = sections.postData
    }

    public func schema() throws -> DatabaseSchema { try inner.schema() }
    public func expectedRowCounts() throws -> [TableName: Int]? { try inner.expectedRowCounts() }
    public func serverRowCounts() -> [TableName: Int]? { inner.serverRowCounts() }
    public func interleaveTables(atMost tables: Int, cost: [TableName: Int]) -> Bool {
        inner.interleaveTables(atMost: tables, cost: cost)
    }
    public func readRowsInAnyOrder() -> Bool { inner.readRowsInAnyOrder() }

    public func next() throws -> SourceItem? {
        if let text = pre {
            pre = nil
            return .passthrough(text)
        }
        if let item = try inner.next() { return item }
        if let text = post {
            post = nil
            return .passthrough(text)
        }
        return nil
    }
}

extension SchemaFramedSource: SubsetQueryableSource where Inner: SubsetQueryableSource {
    public var subsetDialect: SubsetDialect { inner.subsetDialect }
    public func subsetQuery(_ sql: String) throws -> [[String?]] { try inner.subsetQuery(sql) }
    public func setRowFilter(_ filter: RowFilter, for table: TableName) { inner.setRowFilter(filter, for: table) }
    public var tableNesting: TableNesting { inner.tableNesting }
}

extension SchemaFramedSource: ColumnPassSource where Inner: ColumnPassSource {
    public func readColumns(
        _ columns: [TableName: Set<String>], _ body: (TableName, String, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try inner.readColumns(columns, body)
    }
}
