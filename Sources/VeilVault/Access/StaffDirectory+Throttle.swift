import Foundation

/// Counting failed logins per account and per client address (``LoginThrottle``), in the vault's database.
/// Every function here runs under the directory's `lock`, from ``authenticate(name:apiKey:code:address:at:floors:)``
/// or ``unlock(name:floors:at:beforeCommit:)``.
extension StaffDirectory {
    /// Refuses a login from `address` while its failures in a row make it wait.
    func checkAddress(_ address: String?, at now: Int64) throws {
        guard let address, let row = try storage.loginFailures(of: LoginFailures.address(address)) else { return }
        let inARow = now - row.lastFailure > throttle.addressMemory ? 0 : row.inARow
        let wait = throttle.delay(after: inARow, free: throttle.addressFree)
        guard now < row.lastFailure + wait else { return }
        throw LoginRefused(
            reason: "too many failed logins from this address",
            kind: .throttled(seconds: Self.seconds(row.lastFailure + wait - now)))
    }

    /// Counts one refused login from `address` (a run older than ``LoginThrottle/addressMemory`` starts again).
    func countAddressFailure(_ address: String?, at now: Int64) throws {
        guard let address else { return }
        let subject = LoginFailures.address(address)
        for _ in 0..<100 {
            let stored = try storage.loginFailures(of: subject)
            var next = stored ?? LoginFailures(subject: subject, failures: 0, cleared: 0, lastFailure: now, seal: nil)
            if let stored, now - stored.lastFailure > throttle.addressMemory { next.cleared = stored.failures }
            next.failures += 1
            next.lastFailure = max(now, stored?.lastFailure ?? now)
            if try storage.replaceLoginFailures(stored, with: next) {
                if next.failures == 1 { try storage.forgetAddressFailures(before: now - throttle.addressMemory) }
                return
            }
        }
    }

    /// The account's failures row after checking its seal and that its running count is not below the audit log's
    /// floor (`floors.failures[name]`); a zero row when there is none and nothing was recorded.
    func verifiedFailures(of name: String, floors: AuditAnchors) throws -> (stored: LoginFailures?, row: LoginFailures)
    {
        let subject = LoginFailures.account(name)
        let floor = floors.failures[name] ?? 0
        guard let stored = try storage.loginFailures(of: subject) else {
            guard floor == 0 else {
                throw AccountIntegrityFailure(
                    "account \(name)'s failed logins are missing: the audit log records \(floor)")
            }
            return (nil, LoginFailures(subject: subject, failures: 0, cleared: 0, lastFailure: 0, seal: nil))
        }
        guard AccountSeals.matches(stored.seal, seals.failures(stored, account: name)) else {
            throw AccountIntegrityFailure("account \(name)'s failed logins fail their integrity check")
        }
        guard stored.failures >= floor else {
            throw AccountIntegrityFailure(
                "account \(name)'s failed logins are fewer than the audit log's record: they were reset")
        }
        return (stored, stored)
    }

    /// Refuses a login of an account that is locked, or that must still wait after its failures in a row.
    func checkAccount(_ row: LoginFailures, at now: Int64) throws {
        guard row.inARow < throttle.lockoutAfter else {
            throw LoginRefused(reason: "account locked after \(row.inARow) wrong TOTP codes", kind: .locked)
        }
        let wait = throttle.delay(after: row.inARow, free: throttle.accountFree)
        guard now < row.lastFailure + wait else { return }
        throw LoginRefused(
            reason: "too many wrong TOTP codes in a row",
            kind: .throttled(seconds: Self.seconds(row.lastFailure + wait - now)))
    }

    /// Counts one wrong TOTP code sent with the account's valid API key; returns the refusal to throw, carrying the
    /// new running count as the audit log's floor, and whether this failure locked the account.
    func countAccountFailure(_ name: String, reason: String, floors: AuditAnchors, at now: Int64) throws
        -> LoginRefused
    {
        for _ in 0..<100 {
            let (stored, row) = try verifiedFailures(of: name, floors: floors)
            var next = row
            next.failures += 1
            next.lastFailure = max(now, row.lastFailure)
            next.seal = seals.failures(next, account: name)
            if try storage.replaceLoginFailures(stored, with: next) {
                let locked = next.inARow >= throttle.lockoutAfter && row.inARow < throttle.lockoutAfter
                return LoginRefused(
                    reason: locked ? "\(reason); account locked after \(next.inARow) in a row" : reason,
                    anchors: AuditAnchors(failures: [name: next.failures]), lockedNow: locked)
            }
        }
        throw VaultError(.storage, "the failed logins of \(name) kept changing under contention; try again")
    }

    /// Ends the account's run of failures (an accepted login, or `veil users unlock`): `cleared` becomes the running
    /// count, raised to the audit log's floor first (so a deleted or reset row is repaired by an unlock).
    func clearFailures(of name: String, floors: AuditAnchors, at now: Int64, repairing: Bool) throws {
        for _ in 0..<100 {
            let stored: LoginFailures?
            var row: LoginFailures
            if repairing {
                stored = try storage.loginFailures(of: LoginFailures.account(name))
                row =
                    stored
                    ?? LoginFailures(
                        subject: LoginFailures.account(name), failures: 0, cleared: 0, lastFailure: now, seal: nil)
                row.failures = max(row.failures, floors.failures[name] ?? 0)
            } else {
                (stored, row) = try verifiedFailures(of: name, floors: floors)
            }
            row.cleared = row.failures
            row.seal = seals.failures(row, account: name)
            if stored == row || (stored == nil && row.failures == 0) { return }
            if try storage.replaceLoginFailures(stored, with: row) { return }
        }
        throw VaultError(.storage, "the failed logins of \(name) kept changing under contention; try again")
    }

    private static func seconds(_ milliseconds: Int64) -> Int {
        Int((milliseconds + 999) / 1000)
    }
}
