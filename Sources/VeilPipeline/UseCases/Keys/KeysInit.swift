import VeilVault

/// `veil keys init`: creates the key store a profile names (never implicitly, never over an old one), and records
/// it in the profile's audit log when it has one.
public struct KeysInit {
    public let profilePath: String

    public init(profilePath: String) {
        self.profilePath = profilePath
    }

    public func execute() throws -> KeyStore {
        let profile = try ProfileLoading.load(profilePath)
        let store = try KeyAccess.initialize(profile)
        try AuditAccess.record(
            .keyInit, profile: profile, keys: store, details: ["key_id": store.current.id, "version": "1"])
        return store
    }
}
