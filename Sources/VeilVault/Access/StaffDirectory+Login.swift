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
    /// are refused too, with the reason for the audit log).
    /// - Parameter floors: the audit log's anchors: the accounts may not be older than `floors.accounts`, and the
    ///   account's recorded last step not below `floors.steps[name]` (a rolled-back step would reopen used codes).
    public func authenticate(
        name: String, apiKey: String, code: String, at date: Date = Date(), floors: AuditAnchors = AuditAnchors()
    ) throws -> Authenticated {
        try lock.withLock {
            let account: StaffAccount
            let generation: Int
            do {
                let state = try verifiedState(floor: floors.accounts)
                guard let stored = state.accounts[name] else { throw LoginRefused(reason: "unknown account") }
                account = try verifiedRecord(stored)
                generation = state.generation
            } catch let failure as AccountIntegrityFailure {
                throw LoginRefused(reason: failure.reason)
            }
            guard !account.isDisabled else { throw LoginRefused(reason: "account disabled") }
            guard APIKey.verify(apiKey, storedForm: account.apiKeyHash) else { throw LoginRefused(reason: "wrong API key") }
            if let floor = floors.steps[name], (account.lastAcceptedStep ?? Int64.min) < floor {
                throw LoginRefused(
                    reason: "account \(name)'s last TOTP step is older than the audit log's record: rolled back")
            }
            let totp = try TOTP(secret: try secret(of: account))
            guard let step = totp.verify(code, at: date, lastAcceptedStep: account.lastAcceptedStep) else {
                throw LoginRefused(reason: "wrong or reused TOTP code")
            }
            guard try storage.acceptStep(step, seal: seals.step(step, account: name), forAccount: name) else {
                throw LoginRefused(reason: "reused TOTP code")
            }
            return Authenticated(account: account, step: step, generation: generation)
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
