internal import CLibPQ
import Foundation

/// A libpq connection string taken apart (`PQconninfoParse`), so that one setting can be changed (another
/// database on the same server) or one kept out of a child process's arguments (the password) while every
/// other setting — host, port, user, TLS files and modes, timeouts — passes through unchanged.
public struct ConnectionInfo: Sendable, Equatable {
    /// The settings given, by libpq keyword (`host`, `port`, `dbname`, `user`, `password`, `sslmode`...).
    public var settings: [String: String]

    /// Parses a `postgresql://` URL or a `key=value` conninfo string.
    ///
    /// - Throws: ``PostgresError/Code/invalidArgument`` with libpq's message, its quoted fragments (which may be
    ///   pieces of the password) redacted.
    public init(_ conninfo: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(try CStringArgument.checked(conninfo, "connection string"), &error) else {
            let message = error.map { String(cString: $0) } ?? "cannot parse the connection string"
            if let error { PQfreemem(error) }
            throw PostgresError(
                code: .invalidArgument,
                message: MessageRedaction.redactingQuotedText(
                    in: MessageRedaction.redactingPasswords(
                        in: message.trimmingCharacters(in: .whitespacesAndNewlines))))
        }
        defer { PQconninfoFree(options) }
        var settings: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { settings[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        self.settings = settings
    }

    public init(settings: [String: String]) {
        self.settings = settings
    }

    /// The database named, if any.
    public var database: String? { settings["dbname"] }

    /// The same settings with another database.
    public func with(database: String) -> ConnectionInfo {
        var copy = self
        copy.settings["dbname"] = database
        return copy
    }

    /// The same settings without the password (for a child process's command line; pass the password in
    /// `PGPASSWORD` instead).
    public var withoutPassword: ConnectionInfo {
        var copy = self
        copy.settings["password"] = nil
        return copy
    }

    /// The settings as a `key='value'` conninfo string, keywords sorted, values quoted as libpq expects.
    public var conninfo: String {
        settings.keys.sorted().map { key in
            let value = settings[key]!.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "'", with: "\\'")
            return "\(key)='\(value)'"
        }.joined(separator: " ")
    }
}
