import Foundation
import VeilCrypto

/// Short-lived login sessions, in memory: a random 256-bit bearer token (hex) per login, valid for `lifetime`.
/// Each remembers the account's role and revision (``VeilVault/StaffAccount/revision``) at login, which every
/// request compares with the account as stored now.
final class SessionStore: @unchecked Sendable {
    struct Session {
        var account: String
        var role: String
        var revision: Int?
        var expires: Date
    }

    private let lifetime: TimeInterval
    private let lock = NSLock()
    private var sessions: [String: Session] = [:]

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    /// A new session for `account`; returns its token and expiry.
    func open(account: String, role: String, revision: Int?, now: Date) -> (token: String, expires: Date) {
        let token = SecureRandom.bytes(count: 32).map { String(format: "%02x", $0) }.joined()
        let expires = now.addingTimeInterval(lifetime)
        lock.withLock {
            sessions = sessions.filter { $0.value.expires > now }
            sessions[token] = Session(account: account, role: role, revision: revision, expires: expires)
        }
        return (token, expires)
    }

    /// The live session of `token`, if any.
    func session(_ token: String, now: Date) -> Session? {
        lock.withLock {
            guard let session = sessions[token], session.expires > now else { return nil }
            return session
        }
    }

    /// Ends every session of `account` (it was disabled or changed).
    func close(account: String) {
        lock.withLock { sessions = sessions.filter { $0.value.account != account } }
    }
}
