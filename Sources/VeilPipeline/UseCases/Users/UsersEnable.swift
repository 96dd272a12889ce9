import VeilVault

/// `veil users enable`: a disabled account may log in again. Audited first.
public struct UsersEnable {
    public let profilePath: String
    public let name: String

    public init(profilePath: String, name: String) {
        self.profilePath = profilePath
        self.name = name
    }

    public func execute() throws {
        let profile = try ProfileLoading.load(profilePath)
        try StaffAccess.change(profile, .userEnable, user: name) { directory, floor, record in
            ((), try directory.enable(name: name, floor: floor) { try record(["generation": String($0)]) })
        }
    }
}
