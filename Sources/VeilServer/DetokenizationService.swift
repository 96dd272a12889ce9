import Foundation
import VeilProfile
import VeilVault

/// The detokenization service's decisions, independent of HTTP: login with API key + TOTP code, then
/// detokenization of tokens of one domain with a reason, only within the caller's role (domains, tokens per
/// request, tokens per day, requests per minute); everything else is denied. Every login, grant and denial is
/// written to the audit log *before* the answer is given; if it cannot be written, the request is refused.
/// Tokens reach the log only as keyed fingerprints.
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
    private let limiter = RateLimiter()
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

    /// Checks the API key and TOTP code; opens a session.
    public func login(user: String, apiKey: String, code: String) throws -> Login {
        let now = clock()
        let account: StaffAccount
        do {
            account = try directory.authenticate(name: user, apiKey: apiKey, code: code, at: now)
        } catch let refused as StaffDirectory.LoginRefused {
            try record(.loginDenied, user: user, details: ["why": refused.reason])
            throw ServiceDenial(.unauthenticated, "login refused", auditReason: refused.reason)
        }
        guard policy.roles[account.role] != nil else {
            try record(.loginDenied, user: user, details: ["why": "role \(account.role) is not in the policy"])
            throw ServiceDenial(.unauthenticated, "login refused", auditReason: "role not in the policy")
        }
        try record(.login, user: user, details: ["role": account.role])
        let session = sessions.open(account: account.name, role: account.role, now: now)
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
        guard let role = policy.roles[session.role] else { try deny(.forbidden, "not granted", "role not in the policy") }
        guard limiter.allow(session.account, limit: role.requestsPerMinute, now: now) else {
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
        guard try directory.spend(tokens.count, by: session.account, limit: role.tokensPerDay, at: now) else {
            try deny(.forbidden, "the daily limit of \(role.tokensPerDay) tokens is reached", "over the daily limit")
        }
        details["fingerprints"] = tokens.map { audit.fingerprint(token: $0, domain: domain) }.joined(separator: ",")
        let originals = try tokens.map {
            try reverser.original(of: $0, domain: domain, keyVersion: keyVersion, encoding: encoding)
        }
        details["found"] = String(originals.compactMap { $0 }.count)
        try record(.grant, user: session.account, details: details)
        return originals
    }

    private func record(_ event: AuditEvent, user: String?, details: [String: String]) throws {
        do {
            try audit.append(event, user: user, details: details)
        } catch {
            throw ServiceDenial(
                .auditUnavailable, "the audit log cannot record this request, so it is refused",
                auditReason: "audit write failed")
        }
    }
}
