import VeilVault

/// `veil users list`: names, roles, state and enrolment dates (never keys or secrets).
public struct UsersList {
    public let profilePath: String

    public init(profilePath: String) {
        self.profilePath = profilePath
    }

    public func execute() throws -> [StaffAccount] {
        let profile = try ProfileLoading.load(profilePath)
        return try StaffAccess.open(profile, keys: try KeyAccess.open(profile)).accounts()
    }
}
