import VeilCore
import VeilPipeline
import VeilVault

/// `veil vault backup`: a consistent copy of the profile's vault, still encrypted, as a SQLite file. Audited first:
/// the copy is put at its place only once its entry is written.
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
        try AuditedChange.run(audit, .vaultBackup) { record in
            do {
                try vault.backup(to: destination) { try record(["file": destination]) }
            } catch let error as VaultError {
                throw error.veilError
            }
        }
    }
}
