import VeilPipeline
import VeilVault

/// `veil keys list`: ids, versions, purposes and dates of a store's keys — never key bytes.
public struct KeysList {
    public let profilePath: String

    public init(profilePath: String) {
        self.profilePath = profilePath
    }

    /// One line per key: `data v2 3f9c0e1a2b3c4d5e 2026-11-29T10:00:00Z current`.
    public func execute() throws -> [String] {
        let store = try KeyAccess.open(ProfileLoading.load(profilePath))
        let data = store.dataKeys.map { key in
            var line = "data v\(key.version) \(key.id) \(key.created)"
            if key.version == store.currentVersion { line += " current" }
            if key.version < store.minimumDecryptionVersion { line += " retired" }
            return line
        }
        return data + store.purposeKeys.map { "\($0.purpose) \($0.id) \($0.created)" }
    }
}
