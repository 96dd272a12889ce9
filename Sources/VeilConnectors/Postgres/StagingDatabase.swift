import Foundation
import PostgresDriver
import VeilCore

/// The databases of one refresh on a PostgreSQL server: the target (`staging`), the copy being built beside it
/// (`staging__veil_next`) and, for a moment after the swap, the previous copy (`staging__veil_old`).
///
/// Why a sibling database rather than side schemas: a pg_dump's DDL names `public.` everywhere, stores function
/// bodies and `nextval('public.seq'::regclass)` defaults as text, and creates extensions once per database, so a
/// copy loaded under other schema names and renamed afterwards would not be faithful for every schema. A sibling
/// database takes the source's DDL verbatim; the swap renames both databases in one transaction.
///
/// What an open application session sees: the previous copy until the swap, when it is disconnected (its
/// server process terminated); a new session sees the new copy. No session ever sees a mix of the two.
///
/// All statements run on a control connection to the server's maintenance database (`postgres` by default),
/// which also holds the refresh lock (a session advisory lock, released by the server if Veil dies).
/// Errors are `.target` ``VeilError``s (`.busy` for the lock).
public final class StagingDatabase {
    /// The target database's name.
    public let name: String
    /// Where the new copy is built.
    public let nextName: String
    /// Where the previous copy goes during the swap.
    public let oldName: String
    private let info: ConnectionInfo
    private let maintenanceDatabase: String
    private let control: PostgresConnection

    /// The longest target name that leaves room for the `__veil_next` suffix within PostgreSQL's 63 bytes.
    public static let maximumNameLength = 63 - "__veil_next".utf8.count

    /// Connects to the target server's maintenance database.
    /// - Parameters:
    ///   - conninfo: the target's URL or conninfo; it must name the target database.
    ///   - maintenanceDatabase: the database the control connection uses (never the target itself, which is
    ///     renamed while the control connection stays open).
    public init(conninfo: String, maintenanceDatabase: String = "postgres") throws {
        do {
            info = try ConnectionInfo(conninfo)
        } catch let error as PostgresError {
            throw VeilError(.usage, "cannot read the target's connection string: \(error.message)")
        }
        guard let name = info.database, !name.isEmpty else {
            throw VeilError(.usage, "the PostgreSQL target must name its database (postgresql://host/staging)")
        }
        guard name.utf8.count <= Self.maximumNameLength else {
            throw VeilError(
                .usage,
                "the target database's name is longer than \(Self.maximumNameLength) bytes; Veil needs room for "
                    + "`__veil_next` beside it")
        }
        guard name != maintenanceDatabase else {
            throw VeilError(
                .usage, "the target database `\(name)` is the server's maintenance database; refresh another one")
        }
        self.name = name
        self.maintenanceDatabase = maintenanceDatabase
        nextName = name + "__veil_next"
        oldName = name + "__veil_old"
        do {
            control = try PostgresConnection(conninfo: info.with(database: maintenanceDatabase).conninfo)
        } catch let error as PostgresError {
            throw VeilError(.target, "cannot connect to the target server: \(error.message)")
        }
    }

    /// How to connect to the new copy while it is built (for checks that read it back before the swap).
    public var nextConninfo: String { info.with(database: nextName).conninfo }

    /// The server's system identifier, to tell whether the target server is the source's.
    public func systemIdentifier() throws -> String {
        try targetStep("read the target server's identity") { try control.systemIdentifier() }
    }

    /// Takes the refresh lock of this target, or fails with `.busy` (exit 75) when another refresh holds it.
    public func lock() throws {
        let acquired = try targetStep("take the refresh lock") {
            try control.execute(
                "SELECT pg_catalog.pg_try_advisory_lock(pg_catalog.hashtext('veil refresh'), pg_catalog.hashtext($1))",
                parameters: [name]
            ).value(row: 0, column: 0)
        }
        guard acquired == "t" else {
            throw VeilError(
                .busy, "another refresh of the database \(name) is running on this server; try again when it ends")
        }
    }

    /// Drops what a killed refresh left behind (the `__veil_next` and `__veil_old` databases); call with the lock
    /// held. Returns the names dropped.
    @discardableResult
    public func removeLeftovers() throws -> [String] {
        var removed: [String] = []
        for leftover in [nextName, oldName] where try exists(leftover) {
            try drop(leftover)
            removed.append(leftover)
        }
        return removed
    }

    /// Creates the empty database the new copy is loaded into, like the target where it exists (encoding and
    /// locale, owner when allowed, database-level grants and settings); otherwise with the server's defaults.
    public func createNext() throws {
        let quotedNext = try quoted(nextName)
        let provider = control.serverVersion >= 150000 ? "d.datlocprovider::text" : "'c'"
        let current = try targetStep("read the target database's settings") {
            try control.execute(
                """
                SELECT pg_catalog.pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, r.rolname,
                       d.datacl IS NOT NULL, d.oid::text, \(provider)
                FROM pg_catalog.pg_database d JOIN pg_catalog.pg_roles r ON r.oid = d.datdba
                WHERE d.datname = $1
                """, parameters: [name])
        }
        var create = "CREATE DATABASE \(quotedNext) TEMPLATE template0"
        if current.rowCount == 1, let encoding = current.value(row: 0, column: 0),
            let collate = current.value(row: 0, column: 1), let ctype = current.value(row: 0, column: 2)
        {
            create += " ENCODING \(try control.quoteLiteral(encoding))"
            if current.value(row: 0, column: 6) == "c" {
                create += " LC_COLLATE \(try control.quoteLiteral(collate)) LC_CTYPE \(try control.quoteLiteral(ctype))"
            }
        }
        do {
            try control.execute(create)
        } catch let error as PostgresError {
            if error.isInsufficientPrivilege {
                throw VeilError(
                    .target,
                    "the target role may not create databases (a refresh builds the new copy in a database beside "
                        + "\(name): grant it CREATEDB): \(error.message)")
            }
            throw VeilError(.target, "cannot create the database \(nextName): \(error.message)")
        }
        guard current.rowCount == 1, let owner = current.value(row: 0, column: 3),
            let oid = current.value(row: 0, column: 5)
        else { return }
        // Best effort: a role that may not give the database away keeps owning the copy.
        _ = try? control.execute("ALTER DATABASE \(quotedNext) OWNER TO \(try quoted(owner))")
        try copyGrants(hasACL: current.value(row: 0, column: 4) == "t", to: quotedNext)
        try copySettings(fromDatabaseOID: oid, to: quotedNext)
    }

    /// Loads the new copy: `body` gets a writer on `sessions` connections to it, loading that many tables at once
    /// (and calls its `finish()`). Returns the rows stored per table as the server counted them at the end of each
    /// COPY (its command tag), so the copy is checked without scanning it again; a row-level security policy of the
    /// copy cannot shrink such a count. The connections are closed on return, as the swap requires.
    public func loadNext(sessions: Int = 1, _ body: (PostgresWriter) throws -> Void) throws -> [TableName: Int] {
        var connections: [PostgresConnection] = []
        do {
            for _ in 0..<max(1, sessions) {
                connections.append(try PostgresConnection(conninfo: info.with(database: nextName).conninfo))
            }
        } catch let error as PostgresError {
            throw VeilError(.target, "cannot connect to the new copy \(nextName): \(error.message)")
        }
        let writer = try PostgresWriter(connections: connections)
        try body(writer)
        return writer.storedRows
    }

    /// Puts the new copy in place of the target in one transaction (see ``DatabaseSwap``): the target becomes
    /// `__veil_old`, the copy takes the target's name, and sessions on the target are disconnected.
    public func swap() throws {
        let killer: PostgresConnection
        do {
            killer = try PostgresConnection(conninfo: info.with(database: maintenanceDatabase).conninfo)
        } catch let error as PostgresError {
            throw VeilError(.target, "cannot open a second session on the target server: \(error.message)")
        }
        let swap = DatabaseSwap(
            control: control, killer: killer, target: name, next: nextName, old: oldName,
            targetExists: try exists(name))
        do {
            try swap.run()
        } catch let error as PostgresError {
            throw VeilError(.target, "cannot swap the new copy in place of \(name): \(error.message)")
        }
    }

    /// Drops the previous copy after a swap (sessions still on it are terminated).
    public func dropOld() throws {
        if try exists(oldName) { try drop(oldName) }
    }

    /// Drops the unfinished copy after a failure; best effort (a later refresh removes what remains).
    public func discardNext() {
        _ = try? drop(nextName)
    }

    // MARK: - Steps

    private func exists(_ database: String) throws -> Bool {
        try targetStep("list the server's databases") {
            try control.execute("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", parameters: [database])
                .rowCount == 1
        }
    }

    private func drop(_ database: String) throws {
        let quotedName = try quoted(database)
        try targetStep("drop the database \(database)") {
            if control.serverVersion >= 130000 {
                try control.execute("DROP DATABASE IF EXISTS \(quotedName) WITH (FORCE)")
            } else {
                try terminateSessions(on: database)
                try control.execute("DROP DATABASE IF EXISTS \(quotedName)")
            }
        }
    }

    /// Terminates every other session on `database` (before PostgreSQL 13's `DROP DATABASE ... WITH (FORCE)`).
    private func terminateSessions(on database: String) throws {
        do {
            try control.execute(
                """
                SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity
                WHERE datname = $1 AND pid <> pg_catalog.pg_backend_pid()
                """, parameters: [database])
        } catch let error as PostgresError {
            throw VeilError(
                .target,
                "cannot disconnect the sessions on \(database) for the swap (the target role needs to own them or "
                    + "be a member of pg_signal_backend): \(error.message)")
        }
    }

    /// Repeats the target's database-level grants (`GRANT CONNECT ... ON DATABASE`) on the new copy.
    private func copyGrants(hasACL: Bool, to database: String) throws {
        guard hasACL else { return }
        try targetStep("copy the database grants of \(name)") {
            let grants = try control.execute(
                """
                SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r.rolname) END,
                       a.privilege_type, a.is_grantable
                FROM pg_catalog.pg_database d, pg_catalog.aclexplode(d.datacl) a
                LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee
                WHERE d.datname = $1
                """, parameters: [name])
            try control.execute("REVOKE ALL ON DATABASE \(database) FROM PUBLIC")
            for row in 0..<grants.rowCount {
                guard let grantee = grants.value(row: row, column: 0),
                    let privilege = grants.value(row: row, column: 1)
                else { continue }
                let option = grants.value(row: row, column: 2) == "t" ? " WITH GRANT OPTION" : ""
                try control.execute("GRANT \(privilege) ON DATABASE \(database) TO \(grantee)\(option)")
            }
        }
    }

    /// Repeats `ALTER DATABASE ... SET` and `ALTER ROLE ... IN DATABASE ... SET` settings on the new copy.
    private func copySettings(fromDatabaseOID oid: String, to database: String) throws {
        try targetStep("copy the database settings of \(name)") {
            let settings = try control.execute(
                """
                SELECT CASE WHEN s.setrole = 0 THEN NULL ELSE pg_catalog.quote_ident(r.rolname) END, c.setting
                FROM pg_catalog.pg_db_role_setting s
                CROSS JOIN LATERAL pg_catalog.unnest(s.setconfig) AS c(setting)
                LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
                WHERE s.setdatabase = $1::oid
                """, parameters: [oid])
            for row in 0..<settings.rowCount {
                guard let setting = settings.value(row: row, column: 1),
                    let equals = setting.firstIndex(of: "=")
                else { continue }
                let key = try quoted(String(setting[..<equals]))
                let value = try control.quoteLiteral(String(setting[setting.index(after: equals)...]))
                let subject = settings.value(row: row, column: 0).map { "ROLE \($0) IN DATABASE" } ?? "DATABASE"
                try control.execute("ALTER \(subject) \(database) SET \(key) = \(value)")
            }
        }
    }

    private func quoted(_ identifier: String) throws -> String {
        try targetStep("quote a name") { try control.quoteIdentifier(identifier) }
    }

    private func targetStep<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            throw VeilError(.target, "cannot \(what): \(error.message)")
        }
    }
}
