import Foundation
import SQLiteDriver
import VeilCore
import VeilFiles

/// Writes a stream into a new SQLite database file that appears under its final name only when complete.
///
/// The database is built in `.<name>.veil-tmp-<pid>-<random>` next to `path`, mode 0600. ``begin(schema:)``
/// creates every table (see ``SQLiteTargetPlan`` for partitions, names and keys, ``SQLiteColumnMapping`` for
/// types); rows go in through one prepared INSERT per table, committed every ``commitInterval`` rows. Fed by a
/// SQLite source, the writer is given that database's own DDL (``SQLiteSchemaScript``) and reproduces it instead,
/// as `sqlite3 .dump` would: its `CREATE TABLE` statements (STRICT, WITHOUT ROWID, CHECK, foreign key actions,
/// generated columns, all as written) before the rows, its indexes, triggers and views after them, so no trigger
/// fires on a copied row. Fields that carry their source's storage class are stored as that class
/// (``SQLiteFieldBinding``).
/// ``complete()`` commits, closes and `fsync`s the file, ``publish()`` renames it onto `path`; ``abort()``, or
/// releasing the writer unpublished, deletes it. `.passthrough` items (PostgreSQL DDL and settings) are ignored. Errors are
/// ``VeilError``s with code `.target` naming table, column and row, never a value.
///
/// Used from one thread at a time.
public final class SQLiteWriter: RowSink {
    /// Rows inserted between two commits.
    public static let commitInterval = 50_000

    /// The final path.
    public let path: String
    /// Where the database is built until ``publish()``.
    public let temporaryPath: String
    private var connection: SQLiteConnection?
    private var plan: SQLiteTargetPlan?
    private var inserters: [TableName: SQLiteTableInserter] = [:]
    private var current: SQLiteTableInserter?
    private var rowsSinceCommit = 0
    private var done = false
    /// Finished and synced under ``temporaryPath``, not yet published.
    private var completed = false
    /// A SQLite source's own DDL, reproduced instead of tables derived from the schema.
    private let sourceDDL: SchemaSections?

    /// Creates the temporary database next to `path`.
    /// - Parameters:
    ///   - path: the final path.
    ///   - sourceDDL: a SQLite source's own DDL (``SQLiteSchemaScript/sections(path:)``): its tables are created as
    ///     written, its indexes, triggers and views after the rows. `nil`: tables are derived from the schema.
    /// - Throws: ``VeilError`` `.target` when the directory is missing or not writable.
    public init(path: String, sourceDDL: SchemaSections? = nil) throws {
        self.path = path
        self.sourceDDL = sourceDDL
        guard !AtomicFileWriter.split(path).name.isEmpty else {
            throw VeilError(.target, "cannot create SQLite database \(path): the path names a directory")
        }
        // Named, registered and cleaned up after a kill like every output (``AtomicFileWriter``).
        temporaryPath = AtomicFileWriter.temporaryPath(for: path)
        switch Syscalls.createExclusive(temporaryPath) {
        case .success(let fd):
            let mode = Syscalls.setMode(fd, 0o600)
            Syscalls.close(fd)
            if case .failure(let error) = mode {
                Syscalls.unlink(temporaryPath)
                TemporaryOutputs.unregister(temporaryPath)
                throw VeilError(.target, "cannot set the mode of SQLite database \(path): \(error)")
            }
        case .failure(let error):
            TemporaryOutputs.unregister(temporaryPath)
            throw VeilError(.target, "cannot create SQLite database \(path): \(error)")
        }
        do {
            let connection = try SQLiteConnection(path: temporaryPath, mode: .readWrite)
            // The file is private until the rename and deleted on failure: no journal on disk, no syncs per commit.
            try connection.execute("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF")
            try connection.begin(.immediate)
            self.connection = connection
        } catch let error as SQLiteError {
            Syscalls.unlink(temporaryPath)
            TemporaryOutputs.unregister(temporaryPath)
            throw VeilError(.target, "cannot create SQLite database \(path): \(error.message)")
        }
    }

    deinit {
        if !done || completed { abort() }
    }

    public func begin(schema: DatabaseSchema) throws {
        let connection = try open()
        let plan = try SQLiteTargetPlan(schema: schema)
        if let sourceDDL {
            try targetErrors(nil) { try connection.execute(sourceDDL.preData) }
        } else {
            for (statement, table) in zip(plan.createStatements(), plan.tables) {
                try targetErrors(VeilError.Location(table: table.source.name)) { try connection.execute(statement) }
            }
        }
        self.plan = plan
    }

    public func write(_ item: SourceItem) throws {
        switch item {
        case .passthrough:
            return
        case .beginTable(let data):
            current = try inserter(for: data)
        case .rows(let batch):
            guard let inserter = current?.source == batch.table ? current : inserters[batch.table] else {
                throw VeilError(
                    .target, "rows arrived before the table's data began", location: .init(table: batch.table))
            }
            try inserter.insert(batch, path: path)
            rowsSinceCommit += batch.count
            if rowsSinceCommit >= Self.commitInterval {
                let connection = try open()
                try targetErrors(nil) {
                    try connection.commit()
                    try connection.begin(.immediate)
                }
                rowsSinceCommit = 0
            }
        case .endTable:
            current = nil
        }
    }

    public func complete() throws {
        let connection = try open()
        do {
            if let sourceDDL { try targetErrors(nil) { try connection.execute(sourceDDL.postData) } }
            try targetErrors(nil) { try connection.commit() }
            current = nil
            inserters = [:]
            self.connection = nil  // the last reference: the handle closes here
            try syncTemporary()
            done = true
            completed = true
        } catch {
            abort()
            throw error
        }
    }

    /// Publishes the finished database under `path` as every output is (``AtomicFileWriter``): renamed, the
    /// directory synced.
    public func publish() throws {
        guard completed else {
            throw VeilError(.internal, "SQLite database \(path) was published before it was complete")
        }
        do {
            try AtomicFileWriter.publish(produced: temporaryPath, at: path)
        } catch {
            abort()
            throw error
        }
        completed = false
    }

    public var stagedPath: String? { temporaryPath }

    public func abort() {
        current = nil
        inserters = [:]
        connection = nil
        Syscalls.unlink(temporaryPath)
        Syscalls.unlink(temporaryPath + "-journal")
        TemporaryOutputs.unregister(temporaryPath)
        done = true
        completed = false
    }

    private func open() throws -> SQLiteConnection {
        guard let connection, !done else { throw VeilError(.target, "SQLite database \(path) is already closed") }
        return connection
    }

    /// The inserter for a table's data, creating a plain table of the data's columns if the schema lacked it.
    private func inserter(for data: TableData) throws -> SQLiteTableInserter {
        let connection = try open()
        var plan = try self.plan ?? SQLiteTargetPlan(schema: DatabaseSchema())
        if plan.table(for: data.table) == nil {
            let columns = data.columns.map { Column(name: $0, type: "") }
            var schema = DatabaseSchema(tables: plan.tables.map(\.source))
            schema.upsert(TableSchema(name: data.table, columns: columns))
            let extended = try SQLiteTargetPlan(schema: schema)
            if let statement = extended.createStatements().last, let table = extended.tables.last,
                table.source.name == data.table
            {
                try targetErrors(.init(table: data.table)) { try connection.execute(statement) }
            }
            plan = extended
            self.plan = plan
        }
        guard let target = plan.table(for: data.table) else {
            throw VeilError(.target, "the table has no columns SQLite can store", location: .init(table: data.table))
        }
        let inserter = try targetErrors(.init(table: data.table)) {
            try SQLiteTableInserter(connection: connection, data: data, target: target)
        }
        inserters[data.table] = inserter
        return inserter
    }

    private func syncTemporary() throws {
        switch Syscalls.openForReading(temporaryPath) {
        case .success(let fd):
            let result = Syscalls.sync(fd)
            Syscalls.close(fd)
            if case .failure(let error) = result {
                throw VeilError(.target, "cannot sync SQLite database \(path): \(error)")
            }
        case .failure(let error):
            throw VeilError(.target, "cannot sync SQLite database \(path): \(error)")
        }
    }

    private func targetErrors<T>(_ location: VeilError.Location?, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw VeilError(.target, "cannot write SQLite database \(path): \(error.message)", location: location)
        }
    }
}
