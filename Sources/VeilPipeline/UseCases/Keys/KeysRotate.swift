import VeilVault

/// `veil keys rotate`: a new data key version for new tokens; older versions still decrypt. Audited.
public struct KeysRotate {
    public let profilePath: String

    public init(profilePath: String) {
        self.profilePath = profilePath
    }

    public func execute() throws -> KeyStore {
        let profile = try ProfileLoading.load(profilePath)
        let store = try KeyAccess.open(profile)
        let audit = try AuditAccess.open(profile, keys: store)
        let rotated = try store.rotated()
        try audit?.append(
            .keyRotate, details: ["key_id": rotated.current.id, "version": String(rotated.currentVersion)])
        return rotated
    }
}
