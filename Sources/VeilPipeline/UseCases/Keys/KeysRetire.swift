import VeilVault

/// `veil keys retire --below N`: data keys older than version N no longer decrypt (their tokens can no longer be
/// reversed); masking is unaffected.
public struct KeysRetire {
    public let profilePath: String
    public let minimumVersion: Int

    public init(profilePath: String, minimumVersion: Int) {
        self.profilePath = profilePath
        self.minimumVersion = minimumVersion
    }

    public func execute() throws -> KeyStore {
        try KeyAccess.open(ProfileLoading.load(profilePath)).retiring(below: minimumVersion)
    }
}
