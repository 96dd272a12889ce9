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
        let isSetting: Bool
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
        try run(statements, on: connection)
    }

    /// Runs every complete statement fed so far on `connections`: first the tables' index and key builds, several
    /// tables at once (``ParallelTableBuilds``; each session first replays the settings the script made before the
    /// statement, from its very first — a dump's header sets them once), then every other statement in order on the
    /// first connection. With one connection, or fewer than two tables to build, everything runs in order on the
    /// first.
    func run(on connections: [PostgresConnection]) throws {
        var builds: [TableName: [ParallelTableBuilds.Build]] = [:]
        var tables: [TableName] = []
        var settings = settingsRun
        for statement in pending {
            if statement.isSetting { settings.append(statement.sql) }
            guard let table = statement.builds else { continue }
            if builds[table] == nil { tables.append(table) }
            builds[table, default: []].append(
                .init(line: statement.line, sql: statement.sql, settingsBefore: settings.count))
        }
        guard connections.count > 1, tables.count > 1 else { return try run(on: connections[0]) }
        let rest = pending.filter { $0.builds == nil }
        pending.removeAll()
        try ParallelTableBuilds.run(tables.map { builds[$0]! }, settings: settings, on: connections)
        try run(rest, on: connections[0])
    }

    private func run(_ statements: [Statement], on connection: PostgresConnection) throws {
        for statement in statements {
            if statement.isSetting { settingsRun.append(statement.sql) }
            do {
                try connection.execute(statement.sql)
            } catch let error as PostgresError {
                throw VeilError(
                    .target,
                    "the target refused the schema statement at line \(statement.line) of the DDL: "
                        + error.message)
            }
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
                        builds: ParallelTableBuilds.table(builtBy: cursor), isSetting: kind == .setting))
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
