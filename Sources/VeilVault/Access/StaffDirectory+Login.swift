import Foundation
import VeilCore

/// Login and daily usage: what `veil serve` asks of the directory on every request.
extension StaffDirectory {
    /// A passed login: the account, the TOTP step now recorded, and what the audit entry must anchor.
    public struct Authenticated: Sendable {
        public let account: StaffAccount
        public let step: Int64
        /// The accounts' generation verified.
        public let generation: Int

        /// The floors this login raises: the accounts' generation and the account's last step.
        public var anchors: AuditAnchors {
            AuditAnchors(accounts: generation, steps: [account.name: step])
        }
    }

    /// Checks a login; returns the account, or throws ``LoginRefused`` (records that fail their integrity check
    /// are refused too, with the reason for the audit log). Failed logins are counted and throttled per account and
    /// per client address (``LoginThrottle``): a throttled attempt is refused before anything is checked, and a
    /// wrong TOTP code sent with the valid API key carries the account's new running count as the floor its audit
    /// entry must raise.
    /// - Parameters:
    ///   - address: the client's address (nil: not throttled per address).
    ///   - floors: the audit log's anchors: the accounts may not be older than `floors.accounts`, the account's
    ///     recorded last step not below `floors.steps[name]` (a rolled-back step would reopen used codes), its
    ///     failed logins not fewer than `floors.failures[name]`.
    public func authenticate(
        name: String, apiKey: String, code: String, address: String? = nil, at date: Date = Date(),
        floors: AuditAnchors = AuditAnchors()
    ) throws -> Authenticated {
        try lock.withLock {
            let now = Self.milliseconds(date)
            try checkAddress(address, at: now)
            do {
                do {
                    return try checkLogin(name: name, apiKey: apiKey, code: code, at: date, floors: floors)
                } catch let failure as AccountIntegrityFailure {
                    throw LoginRefused(reason: failure.reason)
                }
            } catch let refused as LoginRefused {
                if case .throttled = refused.kind {} else { try countAddressFailure(address, at: now) }
                throw refused
            }
        }
    }

    /// ``authenticate(name:apiKey:code:address:at:floors:)`` for one account, under `lock`.
    private func checkLogin(name: String, apiKey: String, code: String, at date: Date, floors: AuditAnchors) throws
        -> Authenticated
    {
        let state = try verifiedState(floor: floors.accounts)
        guard let stored = state.accounts[name] else { throw LoginRefused(reason: "unknown account") }
        let account = try verifiedRecord(stored)
        guard !account.isDisabled else { throw LoginRefused(reason: "account disabled") }
        guard APIKey.verify(apiKey, storedForm: account.apiKeyHash) else { throw LoginRefused(reason: "wrong API key") }
        // Only now, with the API key proven: the account's own throttle and lock.
        let now = Self.milliseconds(date)
        let failures = try verifiedFailures(of: name, floors: floors).row
        try checkAccount(failures, at: now)
        if let floor = floors.steps[name], (account.lastAcceptedStep ?? Int64.min) < floor {
            throw LoginRefused(
                reason: "account \(name)'s last TOTP step is older than the audit log's record: rolled back")
        }
        let totp = try TOTP(secret: try secret(of: account))
        guard let step = totp.verify(code, at: date, lastAcceptedStep: account.lastAcceptedStep) else {
            throw try countAccountFailure(name, reason: "wrong or reused TOTP code", floors: floors, at: now)
        }
        guard try storage.acceptStep(step, seal: seals.step(step, account: name), forAccount: name) else {
            throw try countAccountFailure(name, reason: "reused TOTP code", floors: floors, at: now)
        }
        if failures.inARow > 0 { try clearFailures(of: name, floors: floors, at: now, repairing: false) }
        return Authenticated(account: account, step: step, generation: state.generation)
    }

    /// The account as stored now, after checking the accounts' sealed state (against `floors.accounts`) and the
    /// row's seal (not its last TOTP step's, which only logins use): what `veil serve` checks a session against on
    /// every request, so a disabled account or a changed role takes effect at once on every server sharing the
    /// vault.
    /// - Throws: ``AccountIntegrityFailure`` when the records fail their check or the account no longer exists.
    public func currentAccount(_ name: String, floors: AuditAnchors = AuditAnchors()) throws -> StaffAccount {
        try lock.withLock {
            guard let stored = try verifiedState(floor: floors.accounts).accounts[name] else {
                throw AccountIntegrityFailure("account \(name) no longer exists")
            }
            guard isSealed(stored) else {
                throw AccountIntegrityFailure("account \(name)'s record fails its integrity check")
            }
            return stored
        }
    }

    /// Wrong TOTP codes in a row of each account that has any (for `veil users list`; not checked against seals).
    public func failuresInARow() throws -> [String: Int] {
        try lock.withLock {
            var result: [String: Int] = [:]
            for account in try storage.accounts() {
                if let row = try storage.loginFailures(of: LoginFailures.account(account.name)), row.inARow > 0 {
                    result[account.name] = row.inARow
                }
            }
            return result
        }
    }

    /// Adds `count` tokens to the account's use today if the day's total stays within `limit`; returns the new
    /// total, or nil (nothing added) when it would pass the limit.
    /// - Parameter floors: the day's usage may not be below `floors.usage[name]` (a reset count).
    /// - Throws: ``AccountIntegrityFailure`` when the day's usage record fails its seal or is below the floor.
    public func charge(
        _ count: Int, by name: String, limit: Int, at date: Date = Date(), floors: AuditAnchors = AuditAnchors()
    ) throws -> Int? {
        let day = AuditAnchors.day(of: date)
        return try lock.withLock {
            // Compare-and-set: another server may count between the read and the write; then read again.
            for _ in 0..<1000 {
                let stored = try storage.usage(forAccount: name, day: day)
                if let stored, !AccountSeals.matches(stored.seal, seals.usage(stored.tokens, account: name, day: day)) {
                    throw AccountIntegrityFailure("account \(name)'s usage of \(day) fails its integrity check")
                }
                let used = stored?.tokens ?? 0
                guard used >= floors.tokensUsed(by: name, on: day) else {
                    throw AccountIntegrityFailure(
                        "account \(name)'s usage of \(day) is below the audit log's record: it was reset")
                }
                guard count <= limit, used + count <= limit else { return nil }
                let total = used + count
                let next = StaffUsage(
                    name: name, day: day, tokens: total, seal: seals.usage(total, account: name, day: day))
                if try storage.replaceUsage(stored, with: next) { return total }
            }
            throw VaultError(.storage, "the usage of \(name) kept changing under contention; try again")
        }
    }

    /// ``charge(_:by:limit:at:floors:)`` without floors: false when the day's limit would be passed.
    public func spend(_ count: Int, by name: String, limit: Int, at date: Date = Date()) throws -> Bool {
        try charge(count, by: name, limit: limit, at: date) != nil
    }
}
