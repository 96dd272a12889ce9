import VeilVault

/// `veil keys rotate`: a new data key version for new tokens; older versions still decrypt.
public struct KeysRotate {
    public let profilePath: String

    public init(profilePath: String) {
        self.profilePath = profilePath
    }

    public func execute() throws -> KeyStore {
        try KeyAccess.open(ProfileLoading.load(profilePath)).rotated()
    }
}
