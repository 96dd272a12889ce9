import VeilPipeline
import VeilVault

/// `veil users list`: names, roles, state (active, disabled; locked) and enrolment dates (never keys or secrets),
/// with each row's integrity:
/// a row changed outside `veil users` is marked, and a table that differs from its sealed state is reported.
public struct UsersList {
    public struct Listing: Sendable {
        /// Every account as stored, and whether its row's seal verifies.
        public let accounts: [(account: StaffAccount, sealed: Bool)]
        /// What is wrong with the table as a whole (rows added, removed or restored; an older generation), if
        /// anything.
        public let problem: String?
        /// Accounts locked after too many wrong TOTP codes (`veil users unlock` clears them).
        public let locked: Set<String>
    }

    public let profilePath: String

    public init(profilePath: String) {
        self.profilePath = profilePath
    }

    public func execute() throws -> Listing {
        let profile = try ProfileLoading.load(profilePath)
        let keys = try KeyAccess.open(profile)
        let floor = try AuditAccess.open(profile, keys: keys)?.anchors().accounts ?? 0
        let directory = try StaffAccess.open(profile, keys: keys)
        return Listing(
            accounts: try directory.accounts().map { ($0, directory.isSealed($0)) },
            problem: try directory.integrityProblem(floor: floor)?.reason,
            locked: Set(try directory.failuresInARow().filter { $0.value >= directory.throttle.lockoutAfter }.keys))
    }
}
