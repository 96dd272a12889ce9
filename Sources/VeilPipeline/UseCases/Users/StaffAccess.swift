import VeilCore
import VeilProfile
import VeilVault

/// Opens the staff directory kept in the profile's vault database.
enum StaffAccess {
    static func open(_ profile: Profile, keys: KeyStore) throws -> StaffDirectory {
        guard let location = profile.vault else {
            throw VeilError(.usage, "staff accounts live in the token vault: set `vault:` in the profile")
        }
        let lowered = location.lowercased()
        guard !(lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")) else {
            throw VeilError(.usage, "staff accounts in a PostgreSQL vault are not supported by this version yet")
        }
        do {
            return try StaffDirectory(storage: try SQLiteVaultStorage(path: location), keys: keys)
        } catch let error as VaultError {
            throw error.veilError
        }
    }
}
