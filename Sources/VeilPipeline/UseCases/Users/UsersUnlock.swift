import VeilVault

/// `veil users unlock`: an account locked by too many wrong TOTP codes may log in again (its run of failures is
/// cleared, on every server sharing the vault). Audited first.
public struct UsersUnlock {
    public let profilePath: String
    public let name: String

    public init(profilePath: String, name: String) {
        self.profilePath = profilePath
        self.name = name
    }

    public func execute() throws {
        let profile = try ProfileLoading.load(profilePath)
        try StaffAccess.change(profile, .userUnlock, user: name) { directory, floors, record in
            ((), try directory.unlock(name: name, floors: floors) { try record(["generation": String($0)]) })
        }
    }
}
