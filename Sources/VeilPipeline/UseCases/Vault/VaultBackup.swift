import VeilCore
import VeilVault

/// `veil vault backup`: a consistent copy of the profile's vault, still encrypted, as a SQLite file. Audited.
public struct VaultBackup {
    public let profilePath: String
    public let destination: String

    public init(profilePath: String, destination: String) {
        self.profilePath = profilePath
        self.destination = destination
    }

    public func execute() throws {
        let profile = try ProfileLoading.load(profilePath)
        let keys = try KeyAccess.open(profile)
        let vault = try VaultAccess.open(profile, keys: keys)
        let audit = try AuditAccess.open(profile, keys: keys)
        do {
            try vault.backup(to: destination)
        } catch let error as VaultError {
            throw error.veilError
        }
        try audit?.append(.vaultBackup, details: ["file": destination])
    }
}
