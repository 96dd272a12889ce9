import VeilPipeline
import VeilVault

/// `veil users role`: gives an account another role of the policy. Audited first.
public struct UsersRole {
    public let profilePath: String
    public let name: String
    public let role: String

    public init(profilePath: String, name: String, role: String) {
        self.profilePath = profilePath
        self.name = name
        self.role = role
    }

    public func execute() throws {
        let profile = try ProfileLoading.load(profilePath)
        try StaffAccess.checkRole(role, in: profile)
        try StaffAccess.change(profile, .userRole, user: name) { directory, floors, record in
            (
                (),
                try directory.setRole(role, of: name, floor: floors.accounts) {
                    try record(["role": role, "generation": String($0)])
                }
            )
        }
    }
}
