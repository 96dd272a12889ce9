import Foundation
import Testing
import VeilCrypto
import VeilTestSupport

@testable import VeilVault

/// Token fingerprints in audit details are MACs under their own key, derived from the audit key with HKDF and a
/// label of their own, so the key that authenticates the log's lines is never used on attacker-chosen tokens.
@Suite("Audit token fingerprints")
struct AuditFingerprintKeyTests {
    let key = SecureBytes(Array(repeating: 0x5A, count: 32))

    /// The fingerprint's MAC input, as ``AuditLog/fingerprint(token:domain:)`` documents it.
    static func message(token: String, domain: String) -> [UInt8] {
        let domainBytes = Array(domain.utf8)
        let length = UInt32(domainBytes.count)
        return Array("veil-audit-fingerprint-v1".utf8) + [0]
            + [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
            + domainBytes + Array(token.utf8)
    }

    @Test("the fingerprint key is HKDF(audit key, 'veil-audit/v1|token-fingerprint'), not the audit key itself")
    func separateKey() throws {
        let directory = TemporaryDirectory("veil-audit-fingerprint")
        let log = try AuditLog.open(at: directory.file("audit.log"), key: key)
        let message = Self.message(token: "tok_QX7-4111-2222", domain: "card")
        let print = log.fingerprint(token: "tok_QX7-4111-2222", domain: "card")

        let underAuditKey = String(HMACSHA256(key: key).authenticationCode(for: message).hexString.prefix(32))
        #expect(print != underAuditKey)
        let fingerprintKey = try HKDF.deriveKey(
            inputKeyMaterial: key, salt: [], info: Array("veil-audit/v1|token-fingerprint".utf8), outputByteCount: 32)
        #expect(print == String(HMACSHA256(key: fingerprintKey).authenticationCode(for: message).hexString.prefix(32)))

        // Lines written with fingerprints still verify: only the lines' MACs are checked, under the audit key.
        try log.append(.grant, user: "alice", details: ["domain": "card", "fingerprints": print])
        #expect(try log.verify().isClean)
    }
}
