import VeilCore
import VeilPipeline
import VeilProfile
import VeilVault

/// Opens the staff directory kept in the profile's vault database, and runs audited changes to it.
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

    /// Refuses a role the profile's policy (when it names one) does not define.
    static func checkRole(_ role: String, in profile: Profile) throws {
        guard let policyPath = profile.policy else { return }
        let policy = try AccessPolicy.load(contentsOf: policyPath)
        guard policy.roles[role] != nil else {
            throw VeilError(
                .usage,
                "the policy \(policyPath) has no role \(role) (roles: \(policy.roles.keys.sorted().joined(separator: ", ")))"
            )
        }
    }

    /// One `veil users` change, audited first (see ``AuditedChange``): `change` gets the directory, the floors from
    /// the audit log's head (``AuditAnchors/accounts`` for every change), and the `record` step to call before its
    /// transaction commits; it returns its result and the new generation, which then becomes the head's floor.
    @discardableResult
    static func change<T>(
        _ profile: Profile, _ event: AuditEvent, user: String? = nil,
        _ change: (StaffDirectory, AuditAnchors, (_ details: [String: String]) throws -> Void) throws -> (T, Int)
    ) throws -> T {
        let keys = try KeyAccess.open(profile)
        let audit = try AuditAccess.open(profile, keys: keys)
        let floors = try audit?.anchors() ?? AuditAnchors()
        let directory = try open(profile, keys: keys)
        let (result, generation) = try AuditedChange.run(audit, event, user: user) { record in
            do {
                return try withoutActuallyEscaping(record) { try change(directory, floors, $0) }
            } catch let error as VaultError {
                throw error.veilError
            }
        }
        try? audit?.anchor(AuditAnchors(accounts: generation))
        return result
    }
}
