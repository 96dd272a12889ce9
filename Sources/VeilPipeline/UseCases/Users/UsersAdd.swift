import VeilCore
import VeilProfile
import VeilVault

/// `veil users add`: enrols a member of staff; the API key and TOTP URI are shown once. Audited.
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
        if let policyPath = profile.policy {
            let policy = try AccessPolicy.load(contentsOf: policyPath)
            guard policy.roles[role] != nil else {
                throw VeilError(
                    .usage,
                    "the policy \(policyPath) has no role \(role) (roles: \(policy.roles.keys.sorted().joined(separator: ", ")))")
            }
        }
        let keys = try KeyAccess.open(profile)
        let audit = try AuditAccess.open(profile, keys: keys)
        let enrolment = try StaffAccess.open(profile, keys: keys).enrol(name: name, role: role)
        try audit?.append(.userAdd, user: name, details: ["role": role])
        return enrolment
    }
}
