import PostgresDriver
import VeilCore

/// Row-level security, as Veil's sessions meet it.
///
/// Every session that reads rows — the source's snapshot sessions (stream, subset queries, column pass, scan
/// samples), the source's row counts and the new copy's row counts — sets `row_security = off`, as pg_dump does: a
/// policy that would hide rows from the session's role then fails the query (SQLSTATE 42501) instead of quietly
/// returning fewer rows. Superusers, `BYPASSRLS` roles and a table's owner (unless the table is under `FORCE ROW
/// LEVEL SECURITY`) read every row either way.
enum RowSecurity {
    /// `SET row_security = off` for the rest of the session.
    static func turnOff(on connection: PostgresConnection) throws {
        _ = try connection.execute("SET row_security = off")
    }

    /// The error for a read the server refused for want of privilege — a row-level security policy that would
    /// filter it, or no `SELECT` on the table — or `nil` for any other failure.
    /// - Parameters:
    ///   - table: the table read, when known (the error then names it).
    ///   - code: `.source` for the source, `.target` for a copy.
    ///   - place: the database, for the message ("the source").
    static func refusal(_ error: PostgresError, reading table: TableName?, code: VeilError.Code, place: String)
        -> VeilError?
    {
        guard error.isInsufficientPrivilege else { return nil }
        var message = "cannot read every row of the table in \(place) as this role: \(error.message)"
        if error.message.contains("row-level security") {
            message +=
                " (Veil reads with row security off, as pg_dump does, so a policy that would hide rows fails the read; "
                + "read as a superuser, a role with BYPASSRLS, or the table's owner if the table is not under FORCE "
                + "ROW LEVEL SECURITY)"
        }
        return VeilError(code, message, location: table.map { VeilError.Location(table: $0) })
    }
}
