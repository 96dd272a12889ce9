import Foundation
import PostgresDriver
import VeilCore

/// Runs the DDL text of a pg_dump (its passthrough) against a live database, statement by statement, as psql
/// would: statements are split by the dump reader's own lexer (so `;` inside literals, dollar quotes and
/// function bodies is not an end), psql meta-commands such as `\restrict` are skipped, and comments and blank
/// lines are dropped.
///
/// Refused: a dump made with `--create` (`CREATE DATABASE`, `\connect`), which would create or switch to the
/// production database's name on the target server, and `COPY ... FROM stdin` (rows never arrive as text).
/// `SET client_encoding` is skipped: the connection always speaks UTF-8, as every row does.
///
/// Errors are `.target` ``VeilError``s naming the statement's line in the DDL and the server's message (never
/// row data: no statement here carries any).
final class SQLScriptRunner {
    private let window = ByteWindow()
    private let scanner: DumpScanner
    private var pending: [Statement] = []
    /// Every setting (`SET`, `set_config`) run so far, in order: a session that joins later (an index build on
    /// another session) replays them first, so it runs as the script's one session would have.
    private var settingsRun: [String] = []

    private struct Statement {
        let line: Int
        let sql: String
        /// The table whose index or key it builds, when it may run beside other tables' (``ParallelTableBuilds``).
        let builds: TableName?
        /// The split of a foreign key that may be checked beside other tables' (``ForeignKeyValidation``).
        let foreignKey: ForeignKeyValidation?
        let isSetting: Bool
        /// A trigger or a comment: a foreign key's check may run before it (neither changes what the check reads).
        let keysMayPass: Bool
    }

    init() {
        scanner = DumpScanner(window: window)
    }

    /// Takes more DDL text; complete statements wait for ``run(on:)``.
    func feed(_ text: String) throws {
        var text = text
        text.withUTF8 { window.append(UnsafeRawBufferPointer($0)) }
        try scan()
    }

    /// Marks the end of the DDL; a statement left without its `;` is refused.
    func finishInput() throws {
        window.finishInput()
        try scan()
    }

    /// Whether statements fed so far wait for ``run(on:)``.
    var hasPending: Bool { !pending.isEmpty }

    /// Runs every complete statement fed so far, in order.
    func run(on connection: PostgresConnection) throws {
        let statements = pending
        pending.removeAll()
        try run(statements, on: [connection])
    }

    /// Runs every complete statement fed so far on `connections`: first the tables' index and key builds, several
    /// tables at once (``ParallelTableBuilds``; the tables with the most rows in `rows` first, so the longest
    /// builds do not start last; each session first replays the settings the script made before the statement, from
    /// its very first — a dump's header sets them once), then every other statement in order on the first
    /// connection, except that consecutive foreign keys of ordinary tables are added unchecked in order and then
    /// validated side by side (``ForeignKeyValidation``). A foreign key with only builds, settings, triggers,
    /// comments and such keys before it in the script does not wait for the other tables' builds: it is added
    /// and checked on a free session as soon as its own table's and the referenced table's have run (as
    /// `pg_restore -j` orders them by dependency). With one connection everything runs in order on it.
    func run(on connections: [PostgresConnection], rows: [TableName: Int] = [:]) throws {
        guard connections.count > 1 else { return try run(on: connections[0]) }
        var builds: [TableName: [ParallelTableBuilds.Build]] = [:]
        var tables: [TableName] = []
        var keys: [ParallelTableBuilds.Unit] = []
        var keysMayGoEarly = true
        var settings = settingsRun
        var statements: [Statement] = []
        for statement in pending {
            if statement.isSetting { settings.append(statement.sql) }
            if let table = statement.builds {
                if builds[table] == nil { tables.append(table) }
                builds[table, default: []].append(
                    .init(line: statement.line, sql: statement.sql, settingsBefore: settings.count))
                continue
            }
            // Early only when an earlier build statement made the referenced table's keys.
            if keysMayGoEarly, let key = statement.foreignKey, let referenced = key.referenced,
                builds[referenced] != nil
            {
                keys.append(
                    .init(
                        builds: [key.addUnchecked, key.validate].map {
                            .init(line: statement.line, sql: $0, settingsBefore: settings.count)
                        },
                        after: [key.table, referenced], firstStatementAlone: true))
                continue
            }
            if !statement.isSetting && !statement.keysMayPass { keysMayGoEarly = false }
            statements.append(statement)
        }
        pending.removeAll()
        // A stable sort: tables of equal (or unknown) size keep the script's order.
        let largestFirst = tables.enumerated().sorted { left, right in
            let (leftRows, rightRows) = (rows[left.element] ?? 0, rows[right.element] ?? 0)
            return leftRows != rightRows ? leftRows > rightRows : left.offset < right.offset
        }
        let units = largestFirst.map { ParallelTableBuilds.Unit(builds: builds[$0.element]!, completes: $0.element) }
        if !units.isEmpty || !keys.isEmpty {
            try ParallelTableBuilds.run(units + keys, settings: settings, on: connections)
        }
        try run(statements, on: connections)
    }

    /// Runs `statements` in order on the first connection; with more than one, each run of consecutive foreign
    /// keys is added unchecked and then validated on all of them at once.
    private func run(_ statements: [Statement], on connections: [PostgresConnection]) throws {
        var validations: [ParallelTableBuilds.Build] = []
        func validatePending() throws {
            guard !validations.isEmpty else { return }
            let units = validations.map { [$0] }
            validations.removeAll()
            try ParallelTableBuilds.run(units, settings: settingsRun, on: connections)
        }
        for statement in statements {
            if connections.count > 1, let key = statement.foreignKey {
                try execute(key.addUnchecked, line: statement.line, on: connections[0])
                validations.append(
                    .init(line: statement.line, sql: key.validate, settingsBefore: settingsRun.count))
                continue
            }
            try validatePending()
            if statement.isSetting { settingsRun.append(statement.sql) }
            try execute(statement.sql, line: statement.line, on: connections[0])
        }
        try validatePending()
    }

    private func execute(_ sql: String, line: Int, on connection: PostgresConnection) throws {
        do {
            try connection.execute(sql)
        } catch let error as PostgresError {
            throw VeilError(
                .target, "the target refused the schema statement at line \(line) of the DDL: " + error.message)
        }
    }

    private func scan() throws {
        while let unit = try scanner.next() {
            switch unit.kind {
            case .blank, .comment, .trailing:
                continue
            case .metaCommand:
                let command = String(decoding: scanner.unitBytes, as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                if command.hasPrefix("\\connect") || command.hasPrefix("\\c ") {
                    throw createdDumpError(line: unit.line)
                }
            case .statement(let kind):
                let cursor = scanner.statementCursor
                if kind == .copyFromStdin {
                    throw VeilError(.internal, "COPY rows arrived as DDL text at line \(unit.line)")
                }
                if cursor.isWords("create", "database") { throw createdDumpError(line: unit.line) }
                if kind == .setting && cursor.isWords("set", "client_encoding") { continue }
                pending.append(
                    Statement(
                        line: unit.line, sql: String(decoding: scanner.unitBytes, as: UTF8.self),
                        builds: ParallelTableBuilds.table(builtBy: cursor), foreignKey: ForeignKeyValidation(cursor),
                        isSetting: kind == .setting,
                        keysMayPass: cursor.isWords("create", "trigger")
                            || cursor.isWords("create", "constraint", "trigger")
                            || cursor.isWords("comment", "on")))
            case .copyRow, .copyEnd:
                throw VeilError(.internal, "COPY rows arrived as DDL text at line \(unit.line)")
            }
        }
    }

    private func createdDumpError(line: Int) -> VeilError {
        VeilError(
            .source,
            "line \(line) of the DDL creates or connects to a database (a dump made with pg_dump --create); "
                + "a PostgreSQL target needs a dump without --create")
    }
}
