import PostgresDriver
import VeilCore

/// Which server and database a connection string reaches: the server's system identifier (shared by a primary
/// and its physical replicas) and the database name.
public struct PostgresIdentity: Equatable, Sendable {
    public var systemIdentifier: String
    public var database: String

    public init(systemIdentifier: String, database: String) {
        self.systemIdentifier = systemIdentifier
        self.database = database
    }

    /// Connects briefly to find out.
    public init(conninfo: String) throws {
        do {
            let connection = try PostgresConnection(conninfo: conninfo)
            systemIdentifier = try connection.systemIdentifier()
            database = connection.databaseName
        } catch let error as PostgresError {
            throw VeilError(.source, "cannot connect to the source: \(error.message)")
        }
    }
}
