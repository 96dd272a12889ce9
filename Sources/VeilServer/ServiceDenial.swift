/// A refused request: `message` is what the client sees (never why a login failed in detail, never a value);
/// `auditReason` is what the audit log records.
public struct ServiceDenial: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Login refused, or the session is missing or expired (HTTP 401).
        case unauthenticated
        /// Not granted, over a limit, or a request that cannot be answered (a NUL, an unknown, ambiguous or retired
        /// key version, a vault entry that fails its check) (HTTP 403).
        case forbidden
        /// Too many requests in the last minute (HTTP 429).
        case rateLimited
        /// The audit log could not record the request, so it was refused (HTTP 503).
        case auditUnavailable
        /// The service cannot answer now: its key store changed and cannot be used, or the vault or the staff
        /// directory could not answer (a storage failure); audited, nothing charged (HTTP 503).
        case unavailable
    }

    public var kind: Kind
    public var message: String
    public var auditReason: String

    public init(_ kind: Kind, _ message: String, auditReason: String) {
        self.kind = kind
        self.message = message
        self.auditReason = auditReason
    }

    public var description: String { message }
}
