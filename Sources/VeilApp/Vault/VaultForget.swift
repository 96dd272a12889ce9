import VeilCore
import VeilPipeline
import VeilVault

/// `veil vault forget`: erasure on request. Deletes the mappings of the given originals in one domain, so their
/// tokens can never be reversed again; the audit log records the domain and how many were erased (never the
/// values). Refused when the profile has no audit log: an erasure must leave a trace. Audited first: the deletion
/// commits only once its entry (with the exact count) is written.
public struct VaultForget {
    public let profilePath: String
    public let domain: String
    public let originals: [String]

    public init(profilePath: String, domain: String, originals: [String]) {
        self.profilePath = profilePath
        self.domain = domain
        self.originals = originals
    }

    /// Returns how many mappings were deleted.
    public func execute() throws -> Int {
        let profile = try ProfileLoading.load(profilePath)
        let keys = try KeyAccess.open(profile)
        guard let audit = try AuditAccess.open(profile, keys: keys) else {
            throw VeilError(.usage, "`veil vault forget` needs an audit log: set `audit:` in the profile")
        }
        let vault = try VaultAccess.open(profile, keys: keys)
        return try AuditedChange.run(audit, .vaultForget) { record in
            do {
                return try vault.forget(originals, domain: domain) { deleted in
                    try record(["domain": domain, "requested": String(originals.count), "erased": String(deleted)])
                }
            } catch let error as VaultError {
                throw error.veilError
            }
        }
    }
}
