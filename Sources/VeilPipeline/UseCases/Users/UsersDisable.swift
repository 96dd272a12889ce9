import VeilVault

/// `veil users disable`: the account can no longer log in. Audited first.
public struct UsersDisable {
    public let profilePath: String
    public let name: String

    public init(profilePath: String, name: String) {
        self.profilePath = profilePath
        self.name = name
    }

    public func execute() throws {
        let profile = try ProfileLoading.load(profilePath)
        try StaffAccess.change(profile, .userDisable, user: name) { directory, floor, record in
            ((), try directory.disable(name: name, floor: floor) { try record(["generation": String($0)]) })
        }
    }
}
