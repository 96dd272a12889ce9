import VeilPipeline
import VeilVault

/// `veil users disable | enable | unlock`: one account's state changed, audited first (with the accounts' new
/// generation).
///
/// - `disable`: the account can no longer log in, and its open sessions end on every server.
/// - `enable`: a disabled account may log in again (its old sessions stay ended).
/// - `unlock`: an account locked by too many wrong TOTP codes may log in again (its run of failures is cleared, on
///   every server sharing the vault).
public struct UsersStateChange {
    public enum Change: Sendable {
        case disable, enable, unlock
    }

    public let profilePath: String
    public let name: String
    public let change: Change

    public init(profilePath: String, name: String, _ change: Change) {
        self.profilePath = profilePath
        self.name = name
        self.change = change
    }

    public func execute() throws {
        let profile = try ProfileLoading.load(profilePath)
        let event: AuditEvent
        switch change {
        case .disable: event = .userDisable
        case .enable: event = .userEnable
        case .unlock: event = .userUnlock
        }
        try StaffAccess.change(profile, event, user: name) { directory, floors, record in
            let audit = { (generation: Int) in try record(["generation": String(generation)]) }
            switch change {
            case .disable: return ((), try directory.disable(name: name, floor: floors.accounts, beforeCommit: audit))
            case .enable: return ((), try directory.enable(name: name, floor: floors.accounts, beforeCommit: audit))
            case .unlock: return ((), try directory.unlock(name: name, floors: floors, beforeCommit: audit))
            }
        }
    }
}
