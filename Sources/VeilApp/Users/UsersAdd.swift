import VeilCore
import VeilPipeline
import VeilProfile
import VeilVault

/// `veil users add`: enrols a member of staff; the API key and TOTP URI are shown once. Audited first: the account
/// is committed only once its entry is written.
public struct UsersAdd {
    public let profilePath: String
    public let name: String
    public let role: String

    public init(profilePath: String, name: String, role: String) {
        self.profilePath = profilePath
        self.name = name
        self.role = role
    }

    public func execute() throws -> StaffDirectory.Enrolment {
        let profile = try ProfileLoading.load(profilePath)
        try StaffAccess.checkRole(role, in: profile)
        return try StaffAccess.change(profile, .userAdd, user: name) { directory, floors, record in
            let enrolment = try directory.enrol(name: name, role: role, floor: floors.accounts) { generation in
                try record(["role": role, "generation": String(generation)])
            }
            return (enrolment, enrolment.generation)
        }
    }
}
