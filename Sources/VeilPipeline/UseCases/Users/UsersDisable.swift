import VeilVault

/// `veil users disable`: the account can no longer log in. Audited.
public struct UsersDisable {
    public let profilePath: String
    public let name: String

    public init(profilePath: String, name: String) {
        self.profilePath = profilePath
        self.name = name
    }

    public func execute() throws {
        let profile = try ProfileLoading.load(profilePath)
        let keys = try KeyAccess.open(profile)
        let audit = try AuditAccess.open(profile, keys: keys)
        try StaffAccess.open(profile, keys: keys).disable(name: name)
        try audit?.append(.userDisable, user: name)
    }
}
