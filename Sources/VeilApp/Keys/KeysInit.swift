import VeilPipeline
import VeilVault

/// `veil keys init`: creates the key store a profile names (never implicitly, never over an old one), and records
/// it in the profile's audit log when it has one — first: the store appears only once its entry is written.
public struct KeysInit {
    public let profilePath: String

    public init(profilePath: String) {
        self.profilePath = profilePath
    }

    public func execute() throws -> KeyStore {
        let profile = try ProfileLoading.load(profilePath)
        var audit: AuditLog?
        let store = try KeyAccess.initialize(profile) { next in
            audit = try AuditAccess.open(profile, keys: next)
            try audit?.append(
                .keyInit, details: ["key_id": next.current.id, "version": "1", "generation": String(next.generation)])
        }
        try? audit?.anchor(AuditAnchors(keyStore: store.generation))
        return store
    }
}
