import Foundation
import PostgresDriver
import VeilCore

/// The statements of a DDL script that build one table's index or key — `CREATE [UNIQUE] INDEX name ON [ONLY] t`
/// and `ALTER TABLE ONLY t ADD CONSTRAINT name PRIMARY KEY | UNIQUE` — run on several sessions at once, one table's
/// statements after one another on one session, different tables' side by side (as `pg_restore -j` builds them).
///
/// Only these: each touches its own table alone (`ONLY`), and nothing in a pg_dump's post-data before the foreign
/// keys needs another table's. Every other statement (foreign keys, `ALTER INDEX ... ATTACH PARTITION`, triggers,
/// comments, `CLUSTER`, settings...) runs afterwards, in the script's order, on the first session (see
/// ``SQLScriptRunner/run(on:rows:)``; only the checks of foreign keys come back here, ``ForeignKeyValidation``).
/// A session applies the script's settings (`SET`, `set_config`) that came before a statement before running it, so
/// each statement runs as it would have in the script's one session.
struct ParallelTableBuilds {
    /// One statement of a table's builds, with the number of the script's settings that precede it.
    struct Build {
        let line: Int
        let sql: String
        let settingsBefore: Int
    }

    /// The table a statement builds an index or key of, when it is one that may run beside other tables' builds.
    static func table(builtBy statement: TokenCursor) -> TableName? {
        var cursor = statement
        if cursor.accept("create") {
            _ = cursor.accept("unique")
            guard cursor.accept("index"), !cursor.isWord("concurrently"), !cursor.isWord("if"),
                cursor.identifier() != nil, cursor.accept("on")
            else { return nil }
            _ = cursor.accept("only")
            return cursor.qualifiedName(defaultSchema: "public")
        }
        guard cursor.accept("alter", "table", "only"), let table = cursor.qualifiedName(defaultSchema: "public"),
            cursor.accept("add", "constraint"), cursor.identifier() != nil,
            cursor.isWords("primary", "key") || cursor.isWord("unique")
        else { return nil }
        return table
    }

    /// Runs every table's builds (tables in the order given) on `connections`, each session taking the next table
    /// when it is free. Returns after all have run or the first has failed (then throws it; the others stop at
    /// their next statement).
    static func run(
        _ tables: [[Build]], settings: [String], on connections: [PostgresConnection]
    ) throws {
        let work = Work(tables: tables)
        let done = DispatchGroup()
        for connection in connections {
            let session = Session(connection)
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                var applied = 0
                while let builds = work.next() {
                    for build in builds {
                        do {
                            while applied < build.settingsBefore {
                                try session.connection.execute(settings[applied])
                                applied += 1
                            }
                            try session.connection.execute(build.sql)
                        } catch let error as PostgresError {
                            work.fail(
                                VeilError(
                                    .target,
                                    "the target refused the schema statement at line \(build.line) of the DDL: "
                                        + error.message))
                            return
                        } catch {
                            work.fail(VeilError(.internal, "an unexpected error while building the target's indexes"))
                            return
                        }
                    }
                }
            }
        }
        done.wait()
        if let failure = work.failure { throw failure }
    }

    /// The tables not yet taken and the first failure, shared by the sessions.
    private final class Work: @unchecked Sendable {
        private let lock = NSLock()
        private var tables: [[Build]]
        private var taken = 0
        private var firstFailure: VeilError?

        init(tables: [[Build]]) { self.tables = tables }

        var failure: VeilError? { lock.withLock { firstFailure } }

        func next() -> [Build]? {
            lock.withLock {
                guard firstFailure == nil, taken < tables.count else { return nil }
                defer { taken += 1 }
                return tables[taken]
            }
        }

        func fail(_ error: VeilError) {
            lock.withLock { if firstFailure == nil { firstFailure = error } }
        }
    }

    /// A connection handed to one session's thread, which alone uses it until the run returns.
    private struct Session: @unchecked Sendable {
        let connection: PostgresConnection
        init(_ connection: PostgresConnection) { self.connection = connection }
    }
}
