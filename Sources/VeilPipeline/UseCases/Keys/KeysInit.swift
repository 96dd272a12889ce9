import VeilProfile
import VeilVault

/// `veil keys init`: creates the key store a profile names (never implicitly, never over an old one).
public struct KeysInit {
    public let profilePath: String

    public init(profilePath: String) {
        self.profilePath = profilePath
    }

    public func execute() throws -> KeyStore {
        try KeyAccess.initialize(ProfileLoading.load(profilePath))
    }
}
