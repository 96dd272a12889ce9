/// One member of staff who may log in to `veil serve`: a role (which the policy maps to grants and limits), the
/// hash of their API key (never the key), their TOTP secret encrypted under the key store's `access` key, and the
/// last TOTP step accepted (a code is never accepted twice).
public struct StaffAccount: Sendable, Equatable {
    public var name: String
    public var role: String
    /// ``APIKey/storedForm``: SHA-256 hex of the key.
    public var apiKeyHash: String
    /// AES-256-GCM nonce || ciphertext || tag of the TOTP secret, AAD = the account name.
    public var totpCiphertext: [UInt8]
    public var lastAcceptedStep: Int64?
    public var isDisabled: Bool
    public var created: String

    public init(
        name: String, role: String, apiKeyHash: String, totpCiphertext: [UInt8], lastAcceptedStep: Int64? = nil,
        isDisabled: Bool = false, created: String
    ) {
        self.name = name
        self.role = role
        self.apiKeyHash = apiKeyHash
        self.totpCiphertext = totpCiphertext
        self.lastAcceptedStep = lastAcceptedStep
        self.isDisabled = isDisabled
        self.created = created
    }
}

/// Where staff accounts and their daily usage live: beside the tokens in the vault's database, so several
/// `veil serve` processes on one vault share replay protection and daily limits. Every check-and-update is atomic
/// in the storage.
public protocol AccountStorage: AnyObject {
    /// Adds an account; false when the name is taken.
    func addAccount(_ account: StaffAccount) throws -> Bool
    func account(named name: String) throws -> StaffAccount?
    func accounts() throws -> [StaffAccount]
    /// Disables an account; false when there is none of that name.
    func disableAccount(named name: String) throws -> Bool
    /// Records `step` as the account's last accepted TOTP step if it is newer than the one recorded; false when a
    /// step at or after it was already accepted (a replayed or older code).
    func acceptStep(_ step: Int64, forAccount name: String) throws -> Bool
    /// Adds `count` to the account's usage on `day` (`YYYY-MM-DD`) if the total stays within `limit`; false (and
    /// nothing added) otherwise.
    func addUsage(_ count: Int, forAccount name: String, day: String, limit: Int) throws -> Bool
}
