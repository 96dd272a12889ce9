/// Chooses a vault's storage from its location, as a profile's `vault:` gives it.
public enum VaultStorageFactory {
    private static let schemes = ["postgresql://", "postgres://"]

    /// Opens the vault at `location`: a `postgres://` or `postgresql://` URL (scheme in any letter case) is a
    /// ``PostgresVaultStorage`` in that database; anything else is the path of a ``SQLiteVaultStorage`` file.
    /// - Throws: ``VaultError/Kind/storage`` when the vault cannot be opened (never quoting a password).
    public static func open(location: String) throws -> any VaultStorage {
        if let scheme = scheme(of: location) {
            // libpq only knows the lower-case schemes.
            return try PostgresVaultStorage(conninfo: scheme + location.dropFirst(scheme.count))
        }
        return try SQLiteVaultStorage(path: location)
    }

    /// Whether `location` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgreSQL(_ location: String) -> Bool {
        scheme(of: location) != nil
    }

    /// The lower-case PostgreSQL scheme `location` starts with, if any.
    private static func scheme(of location: String) -> String? {
        let lowered = location.prefix(16).lowercased()
        return schemes.first { lowered.hasPrefix($0) }
    }
}
