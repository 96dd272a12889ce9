/// What a caller asks ``AuditLog`` to record: the event, who, and non-secret details.
///
/// `details` is flat and must hold only non-secret fields: a domain, a reason, counts, token
/// fingerprints (``AuditLog/fingerprint(token:domain:)``) — never a token, an original value, a key
/// or a TOTP code.
public struct AuditEntry: Sendable, Equatable {
    public var event: AuditEvent
    public var user: String?
    public var details: [String: String]

    public init(_ event: AuditEvent, user: String? = nil, details: [String: String] = [:]) {
        self.event = event
        self.user = user
        self.details = details
    }
}

/// One line of the audit log as written: the entry plus its place in the chain and its MAC.
public struct AuditRecord: Sendable, Equatable, Codable {
    /// 1, 2, 3... with no gaps.
    public var seq: Int
    /// ISO 8601 UTC with milliseconds, e.g. `2026-11-29T09:31:48.123Z`.
    public var time: String
    public var event: String
    public var user: String?
    public var details: [String: String]
    /// Lowercase hex SHA-256 of the previous line's bytes (without its newline); 64 zeros for seq 1.
    public var prev: String
    /// Lowercase hex HMAC-SHA256 under the audit key of this line's canonical bytes without `mac`.
    public var mac: String
}
