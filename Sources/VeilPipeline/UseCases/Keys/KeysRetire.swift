import VeilVault

/// `veil keys retire --below N`: data keys older than version N no longer decrypt (their tokens can no longer be
/// reversed); masking is unaffected. Audited.
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
        let retired = try store.retiring(below: minimumVersion)
        try audit?.append(.keyRetire, details: ["minimum_version": String(minimumVersion)])
        return retired
    }
}
