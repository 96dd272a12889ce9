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

    /// Statements that run one after another on one session: one table's builds, or a foreign key's unchecked add
    /// and its check (``ForeignKeyValidation``), which wait until the builds of the tables in `after` have run.
    struct Unit {
        let builds: [Build]
        /// The table whose builds these are (other units may wait for it).
        var completes: TableName?
        /// Tables whose builds must have run first.
        var after: Set<TableName> = []
        /// The first statement runs while no other unit's such first statement runs. Adding a foreign key locks its
        /// own table, then the referenced one: two sessions adding keys between two tables that reference each
        /// other would take the locks in opposite orders and deadlock. One add at a time holds at most one session
        /// waiting for a lock that another's finished statement frees.
        var firstStatementAlone = false
    }

    /// Runs every table's builds (tables in the order given) on `connections`, each session taking the next table
    /// when it is free. Returns after all have run or the first has failed (then throws it; the others stop at
    /// their next statement).
    static func run(
        _ tables: [[Build]], settings: [String], on connections: [PostgresConnection]
    ) throws {
        try run(tables.map { Unit(builds: $0) }, settings: settings, on: connections)
    }

    /// Runs `units` on `connections`: each free session takes the first unit, in the order given, whose `after`
    /// tables' builds have all run (waiting while none is ready). Returns after all have run or the first has failed
    /// (then throws it; the others stop at their next statement).
    static func run(_ units: [Unit], settings: [String], on connections: [PostgresConnection]) throws {
        let work = Work(units: units)
        let done = DispatchGroup()
        for connection in connections {
            let session = Session(connection)
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                var applied = 0
                while let unit = work.next() {
                    for (position, build) in unit.builds.enumerated() {
                        do {
                            while applied < build.settingsBefore {
                                try session.connection.execute(settings[applied])
                                applied += 1
                            }
                            if position == 0 && unit.firstStatementAlone {
                                try work.alone { _ = try session.connection.execute(build.sql) }
                            } else {
                                try session.connection.execute(build.sql)
                            }
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
                    work.finished(unit)
                }
            }
        }
        done.wait()
        if let failure = work.failure { throw failure }
    }

    /// The units not yet taken, the tables whose builds have run, and the first failure, shared by the sessions.
    private final class Work: @unchecked Sendable {
        private let condition = NSCondition()
        private let aloneLock = NSLock()
        private var units: [Unit]
        private var built: Set<TableName> = []
        private var firstFailure: VeilError?

        /// Units wait only for tables some unit builds (so every wait ends).
        init(units: [Unit]) {
            let builders = Set(units.compactMap(\.completes))
            self.units = units.map { unit in
                var unit = unit
                unit.after.formIntersection(builders)
                return unit
            }
        }

        var failure: VeilError? {
            condition.lock()
            defer { condition.unlock() }
            return firstFailure
        }

        /// The first ready unit; waits while units remain and none is ready; nil when none remain or one failed.
        func next() -> Unit? {
            condition.lock()
            defer { condition.unlock() }
            while firstFailure == nil, !units.isEmpty {
                if let ready = units.firstIndex(where: { $0.after.isSubset(of: built) }) {
                    return units.remove(at: ready)
                }
                condition.wait()
            }
            return nil
        }

        /// Runs `body` while no other session runs a unit's first statement that must run alone.
        func alone(_ body: () throws -> Void) rethrows {
            aloneLock.lock()
            defer { aloneLock.unlock() }
            try body()
        }

        func finished(_ unit: Unit) {
            condition.lock()
            if let table = unit.completes { built.insert(table) }
            condition.broadcast()
            condition.unlock()
        }

        func fail(_ error: VeilError) {
            condition.lock()
            if firstFailure == nil { firstFailure = error }
            condition.broadcast()
            condition.unlock()
        }
    }

    /// A connection handed to one session's thread, which alone uses it until the run returns.
    private struct Session: @unchecked Sendable {
        let connection: PostgresConnection
        init(_ connection: PostgresConnection) { self.connection = connection }
    }
}
