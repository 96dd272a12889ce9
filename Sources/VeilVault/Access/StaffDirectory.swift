import Foundation
import VeilCore
import VeilCrypto

/// Staff enrolment, changes and login checks over an ``AccountStorage``.
///
/// Enrolment makes a random API key (shown once; only its hash is kept) and a TOTP secret (kept encrypted with
/// AES-256-GCM under `HKDF(access key, "veil-access/v1|totp")`, the account name as associated data). A login
/// passes only with an enabled account, its API key and a TOTP code of the current step ±1 that is newer than
/// every code accepted before (recorded atomically in the storage, so no code is accepted twice, even by two
/// servers). Every refusal carries one generic message for the client and a precise reason for the audit log.
///
/// Integrity: every row, last accepted step and day's usage carries a seal (``AccountSeals``), and the table as a
/// whole a sealed state with a generation (``AccountState``); anything written by other means is refused. Changes
/// (``enrol(name:role:now:floor:beforeCommit:)``, ``disable(name:floor:beforeCommit:)`` and the others) check the
/// whole table first, write in one transaction under the accounts' lock, raise the generation, and run
/// `beforeCommit` (the audit entry) before committing: a change whose entry cannot be written does not happen.
/// The caller passes floors from the audit log's head (``AuditAnchors``) so an older copy is refused too.
public final class StaffDirectory: @unchecked Sendable {
    /// What `veil users add` prints once.
    public struct Enrolment: Sendable {
        public let account: StaffAccount
        public let apiKey: APIKey
        public let totpURI: String
        /// The accounts' generation after the enrolment.
        public let generation: Int
    }

    /// A refused login: `reason` is for the audit log, never for the client.
    public struct LoginRefused: Error, Sendable, Equatable {
        /// What the client may be told.
        public enum Kind: Sendable, Equatable {
            /// Nothing more than "refused".
            case refused
            /// Too many failed logins in a row (of the account, after its API key passed, or of the client's
            /// address): try again after `seconds`. The attempt was not checked.
            case throttled(seconds: Int)
            /// The account is locked after too many wrong TOTP codes (told only after its API key passed).
            case locked
        }

        public let reason: String
        public var kind: Kind = .refused
        /// Floors the audit entry of this refusal must raise (a counted wrong code: the account's running count).
        public var anchors = AuditAnchors()
        /// Whether this refusal locked the account (its entry is then `login_locked`).
        public var lockedNow = false
    }

    let storage: AccountStorage
    let seals: AccountSeals
    private let secretKey: SecureBytes
    let lock = NSLock()
    /// How failed logins are throttled and when an account locks.
    public var throttle = LoginThrottle()

    public init(storage: AccountStorage, keys: KeyStore) throws {
        guard let access = keys.key(for: .access) else {
            throw VeilError(
                .keyStore, "the key store has no access key (it predates staff accounts): run `veil keys rotate` once")
        }
        self.storage = storage
        seals = try AccountSeals(accessKey: access.material)
        secretKey = try HKDF.deriveKey(
            inputKeyMaterial: access.material, salt: [], info: Array("veil-access/v1|totp".utf8), outputByteCount: 32)
    }

    /// Account names: 1 to 64 of `a-z 0-9 . _ -`, starting with a letter or digit.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 64 else { return false }
        let allowed = { (scalar: Unicode.Scalar) in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || ".-_".unicodeScalars.contains(scalar)
        }
        return allowed(first) && first != "." && first != "-" && first != "_" && name.unicodeScalars.allSatisfy(allowed)
    }

    // MARK: - Reading

    /// Every account as stored (for `veil users list`); see ``isSealed(_:)`` and ``integrityProblem(floor:)``.
    public func accounts() throws -> [StaffAccount] {
        try lock.withLock { try storage.accounts() }
    }

    /// Whether the account's row carries a seal that verifies.
    public func isSealed(_ account: StaffAccount) -> Bool {
        AccountSeals.matches(account.seal, seals.record(account))
    }

    /// What is wrong with the table as a whole (its state record, digest or generation against `floor`), or nil.
    public func integrityProblem(floor: Int) throws -> AccountIntegrityFailure? {
        try lock.withLock {
            do {
                _ = try verifiedState(floor: floor)
                return nil
            } catch let failure as AccountIntegrityFailure {
                return failure
            }
        }
    }

    /// The accounts by name and their generation, after checking the state record's seal, that it covers exactly
    /// the stored rows, and that its generation is not below `floor`. Rows' own seals are checked by the caller
    /// (``verifiedRecord(_:)``), so one edited row refuses only its account. The caller holds `lock`.
    func verifiedState(floor: Int) throws -> (accounts: [String: StaffAccount], generation: Int) {
        let (rows, stored) = try storage.readingAccounts { (try storage.accounts(), try storage.accountsState()) }
        guard let text = stored else {
            guard rows.isEmpty else {
                throw AccountIntegrityFailure(
                    "staff accounts are not sealed (written by an older Veil or outside `veil users`); check "
                        + "`veil users list`, then run `veil users seal`")
            }
            guard floor == 0 else {
                throw AccountIntegrityFailure(
                    "staff accounts are missing: the audit log records generation \(floor)")
            }
            return ([:], 0)
        }
        guard let state = AccountState.parse(text, seals) else {
            throw AccountIntegrityFailure("the staff accounts' state record fails its integrity check")
        }
        guard AccountState(generation: state.generation, accounts: rows) == state else {
            throw AccountIntegrityFailure(
                "staff accounts differ from their sealed state: a row was added, removed or restored outside "
                    + "`veil users`")
        }
        guard state.generation >= floor else {
            throw AccountIntegrityFailure(
                "staff accounts are older than the audit log's record (generation \(state.generation), expected "
                    + "\(floor) or newer): they were restored from an older copy")
        }
        return (Dictionary(uniqueKeysWithValues: rows.map { ($0.name, $0) }), state.generation)
    }

    /// `account` if its row's seal and its last step's seal verify.
    func verifiedRecord(_ account: StaffAccount) throws -> StaffAccount {
        guard isSealed(account) else {
            throw AccountIntegrityFailure("account \(account.name)'s record fails its integrity check")
        }
        guard AccountSeals.matches(account.lastStepSeal, seals.step(account.lastAcceptedStep, account: account.name))
        else {
            throw AccountIntegrityFailure("account \(account.name)'s last TOTP step fails its integrity check")
        }
        return account
    }

    // MARK: - Changes

    /// Creates an account; refuses a taken or invalid name. `beforeCommit` gets the new generation.
    public func enrol(
        name: String, role: String, now: Date = Date(), floor: Int = 0, beforeCommit: (Int) throws -> Void = { _ in }
    ) throws -> Enrolment {
        guard Self.isValidName(name) else {
            throw VeilError(.usage, "a staff name is 1 to 64 characters of a-z, 0-9, '.', '_' and '-'")
        }
        guard Self.isValidName(role) else {
            throw VeilError(.usage, "a role name is 1 to 64 characters of a-z, 0-9, '.', '_' and '-'")
        }
        let apiKey = APIKey.generate()
        let secret = TOTP.generateSecret()
        let totp = try TOTP(secret: secret)
        let sealed = try secret.withUnsafeBytes { bytes in
            try AESGCM.seal(Array(bytes), using: secretKey, authenticating: Self.associatedData(name))
        }
        var account = StaffAccount(
            name: name, role: role, apiKeyHash: apiKey.storedForm, totpCiphertext: sealed.combined,
            created: ISO8601DateFormatter().string(from: now))
        account.lastStepSeal = seals.step(nil, account: name)
        let generation = try change(floor: floor, beforeCommit: beforeCommit) { accounts, next in
            guard accounts[name] == nil else { throw VeilError(.usage, "a staff account named \(name) already exists") }
            account.revision = next
            account.seal = seals.record(account)
            guard try storage.addAccount(account) else {
                throw VeilError(.usage, "a staff account named \(name) already exists")
            }
            accounts[name] = account
        }
        return Enrolment(
            account: account, apiKey: apiKey, totpURI: totp.otpauthURI(accountName: name), generation: generation)
    }

    /// Disables an account: it can no longer log in. Returns the new generation.
    @discardableResult
    public func disable(name: String, floor: Int = 0, beforeCommit: (Int) throws -> Void = { _ in }) throws -> Int {
        try update(name: name, floor: floor, beforeCommit: beforeCommit) { $0.isDisabled = true }
    }

    /// Enables a disabled account again. Returns the new generation.
    @discardableResult
    public func enable(name: String, floor: Int = 0, beforeCommit: (Int) throws -> Void = { _ in }) throws -> Int {
        try update(name: name, floor: floor, beforeCommit: beforeCommit) { $0.isDisabled = false }
    }

    /// Unlocks an account locked by wrong TOTP codes (or only clears its run of failures): its failed-login record
    /// is sealed again with the run ended, at a running count not below `floors.failures` (which also repairs a
    /// record deleted or reset outside Veil). Goes through the accounts' lock and generation like every change.
    /// Returns the new generation.
    @discardableResult
    public func unlock(
        name: String, floors: AuditAnchors, at date: Date = Date(), beforeCommit: (Int) throws -> Void = { _ in }
    ) throws -> Int {
        try change(floor: floors.accounts, beforeCommit: beforeCommit) { accounts, _ in
            guard accounts[name] != nil else { throw VeilError(.usage, "there is no staff account named \(name)") }
            try clearFailures(of: name, floors: floors, at: Self.milliseconds(date), repairing: true)
        }
    }

    /// Gives an account another role. Returns the new generation.
    @discardableResult
    public func setRole(
        _ role: String, of name: String, floor: Int = 0, beforeCommit: (Int) throws -> Void = { _ in }
    ) throws -> Int {
        guard Self.isValidName(role) else {
            throw VeilError(.usage, "a role name is 1 to 64 characters of a-z, 0-9, '.', '_' and '-'")
        }
        return try update(name: name, floor: floor, beforeCommit: beforeCommit) { $0.role = role }
    }

    /// Seals every row as it stands now — rows written before seals existed, or after a restore the operator has
    /// checked — with today's usage and last steps, under a generation above both the stored one and `floor`.
    /// The one way to accept records that do not verify; the caller audits it. `beforeCommit` gets the new
    /// generation and the number of accounts sealed. Returns the new generation.
    @discardableResult
    public func seal(now: Date = Date(), floor: Int = 0, beforeCommit: (Int, Int) throws -> Void = { _, _ in }) throws
        -> Int
    {
        try lock.withLock {
            try storage.changingAccounts {
                var rows = try storage.accounts()
                let stored = try storage.accountsState().flatMap { AccountState.parse($0, seals) }?.generation ?? 0
                for index in rows.indices {
                    rows[index].seal = seals.record(rows[index])
                    guard try storage.updateAccount(rows[index]) else {
                        throw VeilError(.internal, "account \(rows[index].name) vanished while being sealed")
                    }
                    let step = rows[index].lastAcceptedStep
                    try storage.setStep(
                        step, seal: seals.step(step, account: rows[index].name), forAccount: rows[index].name)
                }
                let day = AuditAnchors.day(of: now)
                for var usage in try storage.usage(onDay: day) {
                    let expected = usage
                    usage.seal = seals.usage(usage.tokens, account: usage.name, day: day)
                    guard try storage.replaceUsage(expected, with: usage) else {
                        throw VeilError(.internal, "the usage of \(usage.name) changed while being sealed")
                    }
                }
                let generation = max(stored, floor) + 1
                try storage.setAccountsState(AccountState(generation: generation, accounts: rows).stored(seals))
                try beforeCommit(generation, rows.count)
                return generation
            }
        }
    }

    /// Changes one existing account with `edit`, under the new generation as its revision (which ends its
    /// sessions), re-sealed.
    private func update(
        name: String, floor: Int, beforeCommit: (Int) throws -> Void, _ edit: (inout StaffAccount) -> Void
    ) throws -> Int {
        try change(floor: floor, beforeCommit: beforeCommit) { accounts, next in
            guard var account = accounts[name] else {
                throw VeilError(.usage, "there is no staff account named \(name)")
            }
            edit(&account)
            account.revision = next
            account.seal = seals.record(account)
            guard try storage.updateAccount(account) else {
                throw VeilError(.usage, "there is no staff account named \(name)")
            }
            accounts[name] = account
        }
    }

    /// One change under the accounts' lock: checks the state against `floor` and every row's seal (a change seals
    /// a new state over the stored rows, so it must never take in a row that does not verify or was put back),
    /// applies `body` (given the next generation), writes the next generation's state, runs `beforeCommit`, commits.
    /// Records that fail their check give `.keyStore` (exit 77). A last step or a day's usage that fails its seal does
    /// not block a change (the change does not seal them); it keeps refusing that account's logins or requests.
    private func change(
        floor: Int, beforeCommit: (Int) throws -> Void, _ body: (inout [String: StaffAccount], Int) throws -> Void
    ) throws -> Int {
        try lock.withLock {
            try storage.changingAccounts {
                var accounts: [String: StaffAccount]
                let generation: Int
                do {
                    (accounts, generation) = try verifiedState(floor: floor)
                    if let edited = accounts.values.first(where: { !isSealed($0) }) {
                        throw AccountIntegrityFailure("account \(edited.name)'s record fails its integrity check")
                    }
                } catch let failure as AccountIntegrityFailure {
                    throw VeilError(.keyStore, "refusing to change staff accounts: \(failure.reason)")
                }
                let next = generation + 1
                try body(&accounts, next)
                try storage.setAccountsState(
                    AccountState(generation: next, accounts: Array(accounts.values)).stored(seals))
                try beforeCommit(next)
                return next
            }
        }
    }

    /// `date` in milliseconds since 1970 (how failed logins are timed).
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    // MARK: - TOTP secrets

    func secret(of account: StaffAccount) throws -> SecureBytes {
        do {
            let box = try AESGCM.SealedBox(combined: account.totpCiphertext)
            var plain = try AESGCM.open(box, using: secretKey, authenticating: Self.associatedData(account.name))
            defer { for index in plain.indices { plain[index] = 0 } }
            return SecureBytes(plain)
        } catch {
            throw LoginRefused(reason: "stored TOTP secret does not decrypt")
        }
    }

    private static func associatedData(_ name: String) -> [UInt8] {
        Array("veil-access/v1|totp|\(name)".utf8)
    }
}
