import VeilPipeline
import VeilVault

/// `veil keys retire --below N`: data keys older than version N no longer decrypt (their tokens can no longer be
/// reversed); masking is unaffected. Audited first: the new store replaces the old one only once its entry is
/// written, and the audit log's head then refuses the older store if it is put back.
public struct KeysRetire {
    public let profilePath: String
    public let minimumVersion: Int

    public init(profilePath: String, minimumVersion: Int) {
        self.profilePath = profilePath
        self.minimumVersion = minimumVersion
    }

    public func execute() throws -> KeyStore {
        let profile = try ProfileLoading.load(profilePath)
        let store = try KeyAccess.open(profile)
        let audit = try AuditAccess.open(profile, keys: store)
        let retired = try AuditedChange.run(audit, .keyRetire) { record in
            try store.retiring(below: minimumVersion) { next in
                try record(["minimum_version": String(minimumVersion), "generation": String(next.generation)])
            }
        }
        try? audit?.anchor(AuditAnchors(keyStore: retired.generation))
        return retired
    }
}
