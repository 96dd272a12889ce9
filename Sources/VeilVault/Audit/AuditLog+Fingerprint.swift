import VeilCrypto

extension AuditLog {
    /// The label of the fingerprint key's derivation.
    static let fingerprintKeyInfo = Array("veil-audit/v1|token-fingerprint".utf8)

    /// The key of token fingerprints: `HKDF-SHA256(audit key, salt: none, info: "veil-audit/v1|token-fingerprint")`,
    /// 32 bytes. The audit key itself MACs the log's lines and head only; fingerprints, computed over tokens a
    /// client chose, get a key of their own.
    static func fingerprintKey(from auditKey: SecureBytes) -> SecureBytes {
        // HKDF fails only for an output length out of range; 32 bytes is always in range.
        try! HKDF.deriveKey(inputKeyMaterial: auditKey, salt: [], info: fingerprintKeyInfo, outputByteCount: 32)
    }

    /// A keyed fingerprint of `token` in `domain` for audit details: 32 lowercase hex characters (the
    /// first 16 bytes of an HMAC-SHA256 under the fingerprint key, ``fingerprintKey(from:)``), so the log can
    /// say which tokens were revealed without containing them. Deterministic for a key; differs across keys
    /// and domains.
    ///
    /// The MAC input is `veil-audit-fingerprint-v1`, a zero byte, the domain's UTF-8 length as four
    /// big-endian bytes, the domain, then the token: unambiguous, and never the shape of a log line.
    public func fingerprint(token: String, domain: String) -> String {
        let domainBytes = Array(domain.utf8)
        let length = UInt32(truncatingIfNeeded: domainBytes.count)
        var message = Array("veil-audit-fingerprint-v1".utf8) + [0]
        message += [
            UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF),
        ]
        message += domainBytes
        message += Array(token.utf8)
        return String(fingerprintMAC.authenticationCode(for: message).hexString.prefix(32))
    }
}
