import VeilCrypto

extension AuditLog {
    /// A keyed fingerprint of `token` in `domain` for audit details: 32 lowercase hex characters (the
    /// first 16 bytes of an HMAC-SHA256 under the audit key), so the log can say which tokens were
    /// revealed without containing them. Deterministic for a key; differs across keys and domains.
    ///
    /// The MAC input is `veil-audit-fingerprint-v1`, a zero byte, the domain's UTF-8 length as four
    /// big-endian bytes, the domain, then the token: unambiguous, and never the shape of a log line.
    public func fingerprint(token: String, domain: String) -> String {
        let domainBytes = Array(domain.utf8)
        let length = UInt32(truncatingIfNeeded: domainBytes.count)
        var message = Array("veil-audit-fingerprint-v1".utf8) + [0]
        message += [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
        message += domainBytes
        message += Array(token.utf8)
        return String(fingerprintMAC.authenticationCode(for: message).hexString.prefix(32))
    }
}
