import VeilPipeline
import VeilVault

/// `veil keys rotate`: a new data key version for new tokens; older versions still decrypt. Audited first: the new
/// store replaces the old one only once its entry is written.
public struct KeysRotate {
    public let profilePath: String

    public init(profilePath: String) {
        self.profilePath = profilePath
    }

    public func execute() throws -> KeyStore {
        let profile = try ProfileLoading.load(profilePath)
        let store = try KeyAccess.open(profile)
        let audit = try AuditAccess.open(profile, keys: store)
        let rotated = try AuditedChange.run(audit, .keyRotate) { record in
            try store.rotated { next in
                try record([
                    "key_id": next.current.id, "version": String(next.currentVersion),
                    "generation": String(next.generation),
                ])
            }
        }
        try? audit?.anchor(AuditAnchors(keyStore: rotated.generation))
        return rotated
    }
}
