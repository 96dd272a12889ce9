/// One member of staff who may log in to `veil serve`: a role (which the policy maps to grants and limits), the
/// hash of their API key (never the key), their TOTP secret encrypted under the key store's `access` key, and the
/// last TOTP step accepted (a code is never accepted twice). `seal` and `lastStepSeal` bind the row and the step to
/// the key store (see ``AccountSeals``): a row changed outside ``StaffDirectory`` no longer verifies.
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
    /// Hex MAC over name, role, API key hash, TOTP ciphertext, disabled and created; nil in rows written before
    /// seals existed.
    public var seal: String?
    /// Hex MAC over the name and ``lastAcceptedStep``.
    public var lastStepSeal: String?

    public init(
        name: String, role: String, apiKeyHash: String, totpCiphertext: [UInt8], lastAcceptedStep: Int64? = nil,
        isDisabled: Bool = false, created: String, seal: String? = nil, lastStepSeal: String? = nil
    ) {
        self.name = name
        self.role = role
        self.apiKeyHash = apiKeyHash
        self.totpCiphertext = totpCiphertext
        self.lastAcceptedStep = lastAcceptedStep
        self.isDisabled = isDisabled
        self.created = created
        self.seal = seal
        self.lastStepSeal = lastStepSeal
    }
}

/// Tokens one account revealed on one day (`YYYY-MM-DD`, UTC), with the MAC that binds the count to the account
/// and the day.
public struct StaffUsage: Sendable, Equatable {
    public var name: String
    public var day: String
    public var tokens: Int
    public var seal: String?

    public init(name: String, day: String, tokens: Int, seal: String?) {
        self.name = name
        self.day = day
        self.tokens = tokens
        self.seal = seal
    }
}

/// Where staff accounts and their daily usage live: beside the tokens in the vault's database, so several
/// `veil serve` processes on one vault share replay protection and daily limits. Every check-and-update is atomic
/// in the storage. The storage keeps what it is given; ``StaffDirectory`` seals and checks it.
public protocol AccountStorage: AnyObject {
    /// Runs `body` in one write transaction that holds the accounts' lock, so changes from several processes never
    /// interleave: committed when `body` returns, rolled back when it throws.
    func changingAccounts<T>(_ body: () throws -> T) throws -> T
    /// Runs `body`'s reads in one consistent snapshot (a read transaction; inside an open transaction, just
    /// `body`), so the rows and the accounts' state are read as of one moment.
    func readingAccounts<T>(_ body: () throws -> T) throws -> T
    /// Adds an account; false when the name is taken.
    func addAccount(_ account: StaffAccount) throws -> Bool
    /// Replaces the role, disabled flag and seal of the account of that name; false when there is none.
    func updateAccount(_ account: StaffAccount) throws -> Bool
    func account(named name: String) throws -> StaffAccount?
    func accounts() throws -> [StaffAccount]
    /// The accounts' sealed state (``AccountState``'s stored text), nil when never written.
    func accountsState() throws -> String?
    func setAccountsState(_ text: String) throws
    /// Records `step` and its seal as the account's last accepted TOTP step if it is newer than the one recorded;
    /// false when a step at or after it was already accepted (a replayed or older code).
    func acceptStep(_ step: Int64, seal: String, forAccount name: String) throws -> Bool
    /// Replaces the last accepted step and its seal unconditionally (``StaffDirectory/seal(now:floor:beforeCommit:)``).
    func setStep(_ step: Int64?, seal: String?, forAccount name: String) throws
    /// The account's usage row of `day`, if any.
    func usage(forAccount name: String, day: String) throws -> StaffUsage?
    /// Every usage row of `day`.
    func usage(onDay day: String) throws -> [StaffUsage]
    /// Compare-and-set: replaces the row `expected` (nil: there is none yet) by `new`; false, changing nothing,
    /// when the stored row is no longer `expected` (another server counted first).
    func replaceUsage(_ expected: StaffUsage?, with new: StaffUsage) throws -> Bool
}
