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
    private let budget = AuditBudget()
    private let keyVersions: @Sendable (Int) -> KeyVersionState
    private let clock: @Sendable () -> Date

    public init(
        directory: StaffDirectory, policy: AccessPolicy, reverser: any TokenReverser, audit: AuditLog,
        sessionLifetime: TimeInterval = 15 * 60,
        keyVersions: @escaping @Sendable (Int) -> KeyVersionState = { _ in .usable },
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.directory = directory
        self.policy = policy
        self.reverser = reverser
        self.audit = audit
        self.sessions = SessionStore(lifetime: sessionLifetime)
        self.keyVersions = keyVersions
        self.clock = clock
    }

    /// Checks the API key and TOTP code; opens a session. Failed logins are throttled per account and per
    /// `address` (the client's, when known), counted in the vault's database (see ``LoginThrottle``): a throttled
    /// attempt is refused as rate limited without being checked; a locked account is refused until an operator
    /// unlocks it. A refusal that raises a floor of the audit head (a wrong code sent with the valid API key) or
    /// locks the account is always audited; other refused logins come from nobody accountable and are audited
    /// within the ``AuditBudget`` of `address`.
    /// - Parameter address: the client's address (``ClientAddress``), for throttling, the audit log and its budget.
    public func login(user: String, apiKey: String, code: String, address: String? = nil) throws -> Login {
        let now = clock()
        var details: [String: String] = [:]
        if let address { details["address"] = address }
        let source = address ?? "unknown"
        guard ![user, apiKey, code].contains(where: { $0.utf8.contains(0) }) else {
            details["why"] = "NUL in a field"
            try recordUnaccountable(.loginDenied, source: source, user: user, details: details, now: now)
            throw ServiceDenial(.unauthenticated, "login refused", auditReason: "NUL in a field")
        }
        let authenticated: StaffDirectory.Authenticated
        do {
            authenticated = try directory.authenticate(
                name: user, apiKey: apiKey, code: code, address: address, at: now, floors: try floors())
        } catch let refused as StaffDirectory.LoginRefused {
            details["why"] = refused.reason
            if refused.lockedNow || refused.anchors != AuditAnchors() {
                try record(
                    refused.lockedNow ? .loginLocked : .loginDenied, user: user, details: details,
                    anchoring: refused.anchors)
            } else {
                try recordUnaccountable(.loginDenied, source: source, user: user, details: details, now: now)
            }
            switch refused.kind {
            case .refused:
                throw ServiceDenial(.unauthenticated, "login refused", auditReason: refused.reason)
            case .throttled(let seconds):
                throw ServiceDenial(
                    .rateLimited, "too many failed logins: try again in \(seconds) s", auditReason: refused.reason)
            case .locked:
                throw ServiceDenial(
                    .forbidden,
                    "login refused: the account is locked after too many wrong codes; an operator can "
                        + "unlock it (veil users unlock)", auditReason: refused.reason)
            }
        } catch let denial as ServiceDenial {
            throw denial
        } catch {
            details["why"] = "vault unavailable"
            try recordUnaccountable(.loginDenied, source: source, user: user, details: details, now: now)
            throw Self.vaultUnavailable
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
    /// grants the domain and the request fits every limit. Every refusal is a ``ServiceDenial``, audited; only an
    /// answered request is charged to the daily quota.
    public func detokenize(
        session token: String, domain: String, tokens: [String], reason: String, keyVersion: Int? = nil,
        encoding: Int? = nil, address: String? = nil
    ) throws -> [String?] {
        let now = clock()
        var details: [String: String] = [
            "domain": AuditField.bounded(domain, audit: audit), "tokens": String(tokens.count),
        ]
        if let address { details["address"] = address }
        guard let session = sessions.session(token, now: now) else {
            details["why"] = "no session"
            try recordUnaccountable(.denial, source: address ?? "unknown", user: nil, details: details, now: now)
            throw ServiceDenial(.unauthenticated, "no valid session: log in again", auditReason: "no session")
        }
        details["reason"] = String(reason.prefix(Self.maximumReasonLength))
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
        } catch {
            try deny(.unavailable, Self.vaultUnavailable.message, "vault unavailable")
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
        guard let role = policy.roles[session.role] else {
            try deny(.forbidden, "not granted", "role not in the policy")
        }
        let admitted: Bool
        do {
            admitted = try directory.admitRequest(by: session.account, limit: role.requestsPerMinute, at: now)
        } catch {
            try deny(.unavailable, Self.vaultUnavailable.message, "vault unavailable")
        }
        guard admitted else {
            details["why"] = "rate limit"
            try recordUnaccountable(
                .denial, source: "account \(AuditField.bounded(session.account, audit: audit))", user: session.account,
                details: details, now: now)
            throw ServiceDenial(.rateLimited, "too many requests; wait a minute", auditReason: "rate limit")
        }
        if let refusal = Self.nulRefusal(domain: domain, reason: reason, tokens: tokens) {
            try deny(.forbidden, refusal.message, refusal.why)
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
        // Decided once for the whole request, under the key store as it is now (a rotation or retirement holds
        // from this request); a refusal is audited and charges nothing.
        let reversal: TokenReversal
        do {
            reversal = try reverser.reversal(domain: domain, keyVersion: keyVersion, encoding: encoding)
        } catch let refusal as ServiceDenial {
            try deny(refusal.kind, refusal.message, refusal.auditReason)
        } catch {
            guard ReversalFailure(error) == .retiredKey else {
                try deny(.unavailable, Self.vaultUnavailable.message, "vault unavailable")
            }
            try deny(
                .forbidden, "the tokens' key version is retired (or one this key store lacks)",
                "key version retired or missing")
        }
        if let keyVersion {
            switch keyVersions(keyVersion) {
            case .usable: break
            case .unknown:
                try deny(.forbidden, "key version \(keyVersion) does not exist", "key version \(keyVersion) unknown")
            case .retired:
                try deny(
                    .forbidden, "key version \(keyVersion) is retired: its tokens can no longer be revealed",
                    "key version \(keyVersion) retired")
            }
        }
        var originals: [String?] = []
        for (index, token) in tokens.enumerated() {
            let position = "token \(index + 1) of \(tokens.count)"
            do {
                originals.append(try reversal.original(of: token))
            } catch {
                switch ReversalFailure(error) {
                case .tampered:
                    try deny(
                        .forbidden, "\(position): its vault entry fails its integrity check (the vault was altered)",
                        "vault entry fails its integrity check (\(position))")
                case .retiredKey:
                    try deny(
                        .forbidden, "\(position) was made with a retired key version (or one this key store lacks)",
                        "token of a retired key version (\(position))")
                case .unavailable:
                    try deny(.unavailable, Self.vaultUnavailable.message, "vault unavailable")
                }
            }
        }
        let used: Int?
        do {
            used = try directory.charge(
                tokens.count, by: session.account, limit: role.tokensPerDay, at: now, floors: floors)
        } catch let failure as AccountIntegrityFailure {
            try deny(.forbidden, "refused: this account's records fail their integrity check", failure.reason)
        } catch let denial as ServiceDenial {
            throw denial
        } catch {
            try deny(.unavailable, Self.vaultUnavailable.message, "vault unavailable")
        }
        guard let used else {
            try deny(.forbidden, "the daily limit of \(role.tokensPerDay) tokens is reached", "over the daily limit")
        }
        details["fingerprints"] = tokens.map { audit.fingerprint(token: $0, domain: domain) }.joined(separator: ",")
        details["found"] = String(originals.compactMap { $0 }.count)
        let usage = AuditAnchors.DailyUsage(day: AuditAnchors.day(of: now), tokens: used)
        try record(
            .grant, user: session.account, details: details, anchoring: AuditAnchors(usage: [session.account: usage]))
        return originals
    }

    /// A request refused before it reached the service (malformed JSON, a body over the limit): audited within the
    /// budget of requests from nobody accountable. `path` is the client's, bounded.
    public func refuseUnread(path: String, why: String, address: String? = nil) throws {
        var details = ["path": AuditField.bounded(path, audit: audit), "why": why]
        if let address { details["address"] = address }
        try recordUnaccountable(.denial, source: address ?? "unknown", user: nil, details: details, now: clock())
    }

    /// Writes the summary of refusals that were counted but not written one by one, once their minute is over (or
    /// now, with `force`: at shutdown). Never throws: a summary that cannot be written stays counted in the next.
    public func flushRefusalSummary(force: Bool = false) {
        guard let summary = budget.summaryIfDue(now: clock(), force: force) else { return }
        _ = try? audit.append(Self.refusalsNotLogged, user: nil, details: summary)
    }

    static let refusalsNotLogged = AuditEvent("refusals_not_logged")

    static let vaultUnavailable = ServiceDenial(
        .unavailable, "the vault cannot answer now; try again later", auditReason: "vault unavailable")

    /// The first field with a NUL byte, as a refusal naming it (never its value).
    static func nulRefusal(domain: String, reason: String, tokens: [String]) -> (message: String, why: String)? {
        if domain.utf8.contains(0) { return ("the domain contains a NUL byte", "NUL in the domain") }
        if reason.utf8.contains(0) { return ("the reason contains a NUL byte", "NUL in the reason") }
        if let index = tokens.firstIndex(where: { $0.utf8.contains(0) }) {
            return ("token \(index + 1) contains a NUL byte", "NUL in token \(index + 1)")
        }
        return nil
    }

    /// Records a refusal of a request from nobody accountable: its own line while `source` is within the
    /// ``AuditBudget``, else only counted (and the summary of the last minute first, when one is due).
    private func recordUnaccountable(
        _ event: AuditEvent, source: String, user: String?, details: [String: String], now: Date
    ) throws {
        let decision = budget.admit(source: source, why: details["why"] ?? "", now: now)
        if let summary = decision.summary { try record(Self.refusalsNotLogged, user: nil, details: summary) }
        if decision.write {
            try record(event, user: user.map { AuditField.bounded($0, audit: audit) }, details: details)
        }
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
