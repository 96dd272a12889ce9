import VeilCrypto

/// The MACs that bind staff rows to the key store, so that whoever can write the vault's database cannot change a
/// role, enable a disabled account, lower a last accepted TOTP step or a day's usage without it showing.
///
/// Key: `HKDF-SHA256(access key, info "veil-access/v1|account-mac")` — the key store's `access` key, which also
/// encrypts TOTP secrets, under a label of its own. Each MAC is HMAC-SHA256 over `veil-account/v1`, a zero byte, then
/// length-prefixed fields (4-byte big-endian length, then the bytes): first what the value means (`record`,
/// `last-step`, `usage`, `login-failures`, `state`), then the account name, then the values. So a seal cannot be
/// moved to another account, another day or another field. Seals are stored as 64 lowercase hex digits and compared
/// in constant time.
struct AccountSeals: Sendable {
    private let hmac: HMACSHA256

    init(accessKey: SecureBytes) throws {
        hmac = HMACSHA256(
            key: try HKDF.deriveKey(
                inputKeyMaterial: accessKey, salt: [], info: Array("veil-access/v1|account-mac".utf8),
                outputByteCount: 32))
    }

    /// The row: name, role, API key hash, TOTP ciphertext, disabled, created, and the revision when there is one
    /// (rows sealed before revisions existed keep their seal).
    func record(_ account: StaffAccount) -> String {
        mac(
            "record", account.name,
            [account.role, account.apiKeyHash].map(Self.utf8) + [account.totpCiphertext]
                + [account.isDisabled ? "disabled" : "active", account.created].map(Self.utf8)
                + (account.revision.map { ["revision", String($0)].map(Self.utf8) } ?? []))
    }

    /// The last accepted TOTP step of `name` (none: the empty field).
    func step(_ step: Int64?, account name: String) -> String {
        mac("last-step", name, [Self.utf8(step.map { String($0) } ?? "")])
    }

    /// Tokens used by `name` on `day`.
    func usage(_ tokens: Int, account name: String, day: String) -> String {
        mac("usage", name, [day, String(tokens)].map(Self.utf8))
    }

    /// An account's failed logins: running count, count at the last accepted login or unlock, newest failure.
    func failures(_ row: LoginFailures, account name: String) -> String {
        mac(
            "login-failures", name,
            [String(row.failures), String(row.cleared), String(row.lastFailure)].map(Self.utf8))
    }

    /// The accounts' state: a generation and the digest of every row's seal (``AccountState``).
    func state(generation: Int, digest: String) -> String {
        mac("state", "", [String(generation), digest].map(Self.utf8))
    }

    /// Whether `stored` is `expected`, in constant time; a missing or malformed seal never matches.
    static func matches(_ stored: String?, _ expected: String) -> Bool {
        guard let stored, let storedDigest = Digest256(hex: stored), let expectedDigest = Digest256(hex: expected)
        else {
            return false
        }
        return storedDigest == expectedDigest
    }

    private func mac(_ meaning: String, _ name: String, _ fields: [[UInt8]]) -> String {
        var message = Array("veil-account/v1".utf8) + [0]
        for field in [Self.utf8(meaning), Self.utf8(name)] + fields { message += Self.framed(field) }
        return hmac.authenticationCode(for: message).hexString
    }

    /// `field` after its length as four big-endian bytes: concatenated fields stay unambiguous.
    static func framed(_ field: [UInt8]) -> [UInt8] {
        let count = UInt32(truncatingIfNeeded: field.count)
        return [UInt8(count >> 24), UInt8((count >> 16) & 0xFF), UInt8((count >> 8) & 0xFF), UInt8(count & 0xFF)]
            + field
    }

    private static func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }
}
