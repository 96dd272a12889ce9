import VeilCore
import VeilPipeline
import VeilVault

/// `veil audit verify`: checks the whole hash chain and MACs of the profile's audit log and its head.
public struct AuditVerify {
    public let profilePath: String

    public init(profilePath: String) {
        self.profilePath = profilePath
    }

    public func execute() throws -> AuditVerification {
        let profile = try ProfileLoading.load(profilePath)
        guard let path = profile.audit else { throw VeilError(.usage, "the profile has no `audit:` log to verify") }
        guard let key = try KeyAccess.open(profile).key(for: .audit) else {
            throw VeilError(.keyStore, "the key store has no audit key, so it cannot check an audit log")
        }
        return try AuditVerifier(key: key.material).verify(logAt: path)
    }
}
