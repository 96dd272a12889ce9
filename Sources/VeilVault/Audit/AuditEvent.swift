/// The kind of an audited event: an open set of lowercase snake_case names.
///
/// The well-known events are constants; callers may add their own (`AuditEvent("user_add")`), and
/// ``AuditLog/append(_:)`` refuses a name that is not `[a-z][a-z0-9_]*`.
public struct AuditEvent: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// A staff member logged in (API key and TOTP code accepted).
    public static let login: AuditEvent = "login"
    /// A login attempt was refused (unknown user, bad key, bad or replayed code, disabled account).
    public static let loginDenied: AuditEvent = "login_denied"
    /// A detokenization request was answered.
    public static let grant: AuditEvent = "grant"
    /// A detokenization request was refused (domain not granted, limit reached, rate limited...).
    public static let denial: AuditEvent = "denial"
    /// `veil keys init`.
    public static let keyInit: AuditEvent = "key_init"
    /// `veil keys rotate`: a new data key version.
    public static let keyRotate: AuditEvent = "key_rotate"
    /// `veil keys rewrap`: a new key-encryption secret, data keys unchanged.
    public static let keyRewrap: AuditEvent = "key_rewrap"
    /// `veil keys retire`: old data key versions no longer decrypt.
    public static let keyRetire: AuditEvent = "key_retire"
    /// `veil vault backup`: a consistent encrypted copy of the vault was written.
    public static let vaultBackup: AuditEvent = "vault_backup"
    /// `veil vault forget`: mappings erased on request.
    public static let vaultForget: AuditEvent = "vault_forget"
    /// `veil users add`.
    public static let userAdd: AuditEvent = "user_add"
    /// `veil users disable`.
    public static let userDisable: AuditEvent = "user_disable"
    /// `veil users enable`.
    public static let userEnable: AuditEvent = "user_enable"
    /// `veil users role`: an account's role changed.
    public static let userRole: AuditEvent = "user_role"
    /// `veil users seal`: every staff row accepted as it stands and sealed again.
    public static let userSeal: AuditEvent = "user_seal"
    /// An administrative change whose entry was written could not be completed afterwards; `details.event` names
    /// the entry it cancels.
    public static let changeFailed: AuditEvent = "change_failed"

    /// Whether the name is `[a-z][a-z0-9_]*` and at most 64 characters.
    var isWellFormed: Bool {
        let bytes = Array(rawValue.utf8)
        guard let first = bytes.first, bytes.count <= 64, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        else { return false }
        return bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "_")
        }
    }
}
