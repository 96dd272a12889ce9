import VeilPipeline
import VeilVault

/// `veil users seal`: accepts every staff row as it stands and seals it again under a new generation — for
/// accounts enrolled before seals existed, or after restoring the vault from a backup the operator has checked
/// with `veil users list`. Audited first, with the number of accounts.
public struct UsersSeal {
    public let profilePath: String

    public init(profilePath: String) {
        self.profilePath = profilePath
    }

    /// Returns how many accounts were sealed.
    @discardableResult
    public func execute() throws -> Int {
        let profile = try ProfileLoading.load(profilePath)
        return try StaffAccess.change(profile, .userSeal) { directory, floors, record in
            var sealed = 0
            let generation = try directory.seal(floor: floors.accounts) { generation, count in
                sealed = count
                try record(["accounts": String(count), "generation": String(generation)])
            }
            return (sealed, generation)
        }
    }
}
