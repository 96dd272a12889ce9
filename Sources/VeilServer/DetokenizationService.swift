import Foundation
import VeilProfile
import VeilVault

/// The detokenization service's decisions, independent of HTTP: login with API key + TOTP code, then
/// detokenization of tokens of one domain with a reason, only within the caller's role (domains, tokens per
/// request, tokens per day, requests per minute — both limits counted in the vault's database, so shared by every
/// server on the vault); everything else is denied. Every login, grant and denial is
/// written to the audit log *before* the answer is given; if it cannot be written, the request is refused.
/// Tokens reach the log only as keyed fingerprints.
///
/// Staff records are checked against their seals and against the floors in the audit log's head (``AuditAnchors``):
/// an account row, last TOTP step or day's usage changed or rolled back in the vault's database is refused with an
/// audited denial, and each login and grant raises those floors in the same append that records it. Every request
/// checks its session's account as stored now, so `veil users disable` or `role` ends its sessions at once.
public final class DetokenizationService: @unchecked Sendable {
    /// A successful login.
    public struct Login: Sendable, Equatable {
        public let sessionToken: String
        public let expires: Date
    }

    public static let maximumReasonLength = 500

    private let directory: StaffDirectory
    private let policy: AccessPolicy
    private let reverser: any TokenReverser
    private let audit: AuditLog
    private let sessions: SessionStore
    private let clock: @Sendable () -> Date

    public init(
        directory: StaffDirectory, policy: AccessPolicy, reverser: any TokenReverser, audit: AuditLog,
        sessionLifetime: TimeInterval = 15 * 60, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.directory = directory
        self.policy = policy
        self.reverser = reverser
        self.audit = audit
        self.sessions = SessionStore(lifetime: sessionLifetime)
        self.clock = clock
    }

    /// Checks the API key and TOTP code; opens a session. Failed logins are throttled per account and per
    /// `address` (the client's, when known), counted in the vault's database (see ``LoginThrottle``): a throttled
    /// attempt is refused as rate limited without being checked; a locked account is refused until an operator
    /// unlocks it.
    public func login(user: String, apiKey: String, code: String, address: String? = nil) throws -> Login {
        let now = clock()
        let authenticated: StaffDirectory.Authenticated
        var details: [String: String] = [:]
        if let address { details["address"] = address }
        do {
            authenticated = try directory.authenticate(
                name: user, apiKey: apiKey, code: code, address: address, at: now, floors: try floors())
        } catch let refused as StaffDirectory.LoginRefused {
            details["why"] = refused.reason
            try record(
                refused.lockedNow ? .loginLocked : .loginDenied, user: user, details: details,
                anchoring: refused.anchors)
            switch refused.kind {
            case .refused:
                throw ServiceDenial(.unauthenticated, "login refused", auditReason: refused.reason)
            case .throttled(let seconds):
                throw ServiceDenial(
                    .rateLimited, "too many failed logins: try again in \(seconds) s", auditReason: refused.reason)
            case .locked:
                throw ServiceDenial(
                    .forbidden, "login refused: the account is locked after too many wrong codes; an operator can "
                        + "unlock it (veil users unlock)", auditReason: refused.reason)
            }
        }
        let account = authenticated.account
        guard policy.roles[account.role] != nil else {
            details["why"] = "role \(account.role) is not in the policy"
            try record(.loginDenied, user: user, details: details)
            throw ServiceDenial(.unauthenticated, "login refused", auditReason: "role not in the policy")
        }
        details["role"] = account.role
        details["step"] = String(authenticated.step)
        try record(.login, user: user, details: details, anchoring: authenticated.anchors)
        let session = sessions.open(account: account.name, role: account.role, revision: account.revision, now: now)
        return Login(sessionToken: session.token, expires: session.expires)
    }

    /// The originals of `tokens` in `domain` (nil for a token the vault does not know), if the session's role
    /// grants the domain and the request fits every limit.
    public func detokenize(
        session token: String, domain: String, tokens: [String], reason: String, keyVersion: Int? = nil,
        encoding: Int? = nil
    ) throws -> [String?] {
        let now = clock()
        guard let session = sessions.session(token, now: now) else {
            try record(.denial, user: nil, details: ["domain": domain, "tokens": String(tokens.count), "why": "no session"])
            throw ServiceDenial(.unauthenticated, "no valid session: log in again", auditReason: "no session")
        }
        var details: [String: String] = [
            "domain": domain, "tokens": String(tokens.count),
            "reason": String(reason.prefix(Self.maximumReasonLength)),
        ]
        if let keyVersion { details["key_version"] = String(keyVersion) }
        if let encoding { details["encoding"] = String(encoding) }
        func deny(_ kind: ServiceDenial.Kind, _ message: String, _ why: String) throws -> Never {
            details["why"] = why
            try record(.denial, user: session.account, details: details)
            throw ServiceDenial(kind, message, auditReason: why)
        }
        // The account as stored now, not as it was at login: disabled or given another role (on any server sharing
        // the vault), the session ends at once.
        let floors = try floors()
        let account: StaffAccount
        do {
            account = try directory.currentAccount(session.account, floors: floors)
        } catch let failure as AccountIntegrityFailure {
            try deny(.forbidden, "refused: this account's records fail their integrity check", failure.reason)
        }
        guard !account.isDisabled else {
            sessions.close(account: session.account)
            try deny(.unauthenticated, "no valid session: the account is disabled", "account disabled")
        }
        guard account.role == session.role else {
            sessions.close(account: session.account)
            try deny(.unauthenticated, "no valid session: the account's role changed; log in again", "role changed")
        }
        guard account.revision == session.revision else {
            sessions.close(account: session.account)
            try deny(.unauthenticated, "no valid session: the account was changed; log in again", "account changed")
        }
        guard let role = policy.roles[session.role] else { try deny(.forbidden, "not granted", "role not in the policy") }
        guard try directory.admitRequest(by: session.account, limit: role.requestsPerMinute, at: now) else {
            try deny(.rateLimited, "too many requests; wait a minute", "rate limit")
        }
        let trimmedReason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmedReason.isEmpty, reason.count <= Self.maximumReasonLength else {
            try deny(.forbidden, "every request needs a reason (1 to 500 characters)", "no reason")
        }
        guard role.domains.contains(domain) else { try deny(.forbidden, "not granted", "domain not granted") }
        guard !tokens.isEmpty, tokens.count <= role.tokensPerRequest else {
            try deny(
                .forbidden, "between 1 and \(role.tokensPerRequest) tokens per request", "over the per-request limit")
        }
        let reversal: TokenReversal
        do {
            reversal = try reverser.reversal(domain: domain, keyVersion: keyVersion, encoding: encoding)
        } catch let refusal as ServiceDenial {
            try deny(refusal.kind, refusal.message, refusal.auditReason)
        }
        let used: Int?
        do {
            used = try directory.charge(
                tokens.count, by: session.account, limit: role.tokensPerDay, at: now, floors: floors)
        } catch let failure as AccountIntegrityFailure {
            try deny(.forbidden, "refused: this account's records fail their integrity check", failure.reason)
        }
        guard let used else {
            try deny(.forbidden, "the daily limit of \(role.tokensPerDay) tokens is reached", "over the daily limit")
        }
        details["fingerprints"] = tokens.map { audit.fingerprint(token: $0, domain: domain) }.joined(separator: ",")
        let originals = try tokens.map { try reversal.original(of: $0) }
        details["found"] = String(originals.compactMap { $0 }.count)
        let usage = AuditAnchors.DailyUsage(day: AuditAnchors.day(of: now), tokens: used)
        try record(.grant, user: session.account, details: details, anchoring: AuditAnchors(usage: [session.account: usage]))
        return originals
    }

    /// The audit log's anchors; a head that cannot be read refuses the request like an unwritable log.
    private func floors() throws -> AuditAnchors {
        do {
            return try audit.anchors()
        } catch {
            throw ServiceDenial(
                .auditUnavailable, "the audit log cannot record this request, so it is refused",
                auditReason: "audit head unreadable")
        }
    }

    private func record(
        _ event: AuditEvent, user: String?, details: [String: String], anchoring: AuditAnchors = AuditAnchors()
    ) throws {
        do {
            try audit.append(event, user: user, details: details, anchoring: anchoring)
        } catch {
            throw ServiceDenial(
                .auditUnavailable, "the audit log cannot record this request, so it is refused",
                auditReason: "audit write failed")
        }
    }
}
