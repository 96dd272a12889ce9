import PostgresDriver
import VeilCore

/// `count(*)` of tables' own rows (`FROM ONLY`: a partitioned parent counts none, its partitions count theirs).
///
/// The session should have row security off (``RowSecurity``): a count a policy would make smaller then fails,
/// naming the table.
public enum TableRowCounts {
    /// - Parameters:
    ///   - failure: the error code when a count fails; `place` names the database in the message.
    public static func count(
        _ tables: [TableName], on connection: PostgresConnection, failure: VeilError.Code, place: String
    ) throws -> [TableName: Int] {
        var counts: [TableName: Int] = [:]
        for table in tables {
            do {
                let name =
                    try connection.quoteIdentifier(table.schema) + "." + connection.quoteIdentifier(table.name)
                let result = try connection.execute("SELECT count(*) FROM ONLY \(name)")
                counts[table] = result.value(row: 0, column: 0).flatMap { Int($0) } ?? -1
            } catch let error as PostgresError {
                if let refusal = RowSecurity.refusal(error, reading: table, code: failure, place: place) {
                    throw refusal
                }
                throw VeilError(failure, "cannot count the rows of \(table) in \(place): \(error.message)")
            }
        }
        return counts
    }
}
