import VeilCore
import VeilProfile
import VeilVault

/// Opens the staff directory kept in the profile's vault database.
enum StaffAccess {
    static func open(_ profile: Profile, keys: KeyStore) throws -> StaffDirectory {
        guard let location = profile.vault else {
            throw VeilError(.usage, "staff accounts live in the token vault: set `vault:` in the profile")
        }
        do {
            guard let storage = try VaultStorageFactory.open(location: location) as? AccountStorage else {
                throw VeilError(.internal, "the vault's storage keeps no staff accounts")
            }
            return try StaffDirectory(storage: storage, keys: keys)
        } catch let error as VaultError {
            throw error.veilError
        }
    }
}
