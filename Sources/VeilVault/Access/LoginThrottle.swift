/// How failed logins slow down and stop guessing
/// (see ``StaffDirectory/authenticate(name:apiKey:code:address:at:floors:)``).
///
/// - **Per account**, only wrong TOTP codes sent *with the account's valid API key* count (knowing a name is not
///   enough to slow or lock anyone out). After `accountFree` of them in a row, each next attempt waits 1 s, then 2,
///   4, … (doubling, at most `maximumDelay`) after the newest failure; attempts sooner are refused as throttled and
///   not checked. After `lockoutAfter` in a row the account is locked until an operator runs `veil users unlock`.
///   An accepted login clears the run.
/// - **Per client address**, every refused login counts (unknown account, wrong API key, wrong code, disabled or
///   locked account); after `addressFree` in a row the same doubling applies to every login from that address.
///   An address's run is forgotten `addressMemory` after its newest failure.
///
/// Throttled attempts are refused without being counted, so waiting out the delay is always enough for the real
/// user; counts live in the vault's database, shared by every server on it.
public struct LoginThrottle: Sendable, Equatable {
    public var accountFree: Int
    public var lockoutAfter: Int
    public var addressFree: Int
    /// The longest wait, in milliseconds.
    public var maximumDelay: Int64
    /// How long an address's failures are remembered after its newest one, in milliseconds.
    public var addressMemory: Int64

    public init(
        accountFree: Int = 1, lockoutAfter: Int = 5, addressFree: Int = 10, maximumDelay: Int64 = 300_000,
        addressMemory: Int64 = 3_600_000
    ) {
        self.accountFree = accountFree
        self.lockoutAfter = lockoutAfter
        self.addressFree = addressFree
        self.maximumDelay = maximumDelay
        self.addressMemory = addressMemory
    }

    /// The wait after `failures` in a row, `free` of them without any: 0, then 1 s doubling up to
    /// ``maximumDelay``.
    public func delay(after failures: Int, free: Int) -> Int64 {
        guard failures > free else { return 0 }
        let doublings = failures - free - 1
        guard doublings < 30 else { return maximumDelay }
        return min(maximumDelay, Int64(1000) << Int64(doublings))
    }
}
