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
    private var pending: [(line: Int, sql: String)] = []

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

    /// Runs every complete statement fed so far, in order.
    func run(on connection: PostgresConnection) throws {
        let statements = pending
        pending.removeAll()
        for statement in statements {
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
                pending.append((unit.line, String(decoding: scanner.unitBytes, as: UTF8.self)))
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
