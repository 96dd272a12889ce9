import PostgresDriver
import VeilCore

/// Counts a live source's rows as of the snapshot its reader exported, on a connection of its own, so a load
/// can be checked against the source itself rather than against what the reader passed on.
///
/// Row security is off in its session (see ``RowSecurity``), so a policy cannot make a count smaller than the table:
/// it fails the count instead. The snapshot is imported when the counter is created, while the reader's transaction (which keeps it
/// importable) is still open; the counts can be taken any time later.
public final class SourceSnapshotCounter {
    private let connection: PostgresConnection

    public init(conninfo: String, snapshot: String) throws {
        do {
            connection = try PostgresConnection(conninfo: conninfo)
            try RowSecurity.turnOff(on: connection)
            try connection.importSnapshot(snapshot)
        } catch let error as PostgresError {
            throw VeilError(.source, "cannot open a second session on the source's snapshot: \(error.message)")
        }
    }

    deinit {
        if connection.transactionStatus == .inTransaction { try? connection.rollback() }
    }

    /// `count(*)` of each table's own rows in the snapshot.
    public func counts(of tables: [TableName]) throws -> [TableName: Int] {
        try TableRowCounts.count(tables, on: connection, failure: .source, place: "the source")
    }
}
