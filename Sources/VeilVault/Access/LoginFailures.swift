/// Failed logins counted for one subject — an account (`account:NAME`) or a client address (`address:ADDRESS`) —
/// in the vault's database, so that every `veil serve` sharing the vault throttles the same guesses.
///
/// `failures` is a running count that never goes down; `cleared` is its value at the account's last accepted login
/// or `veil users unlock`, so `failures - cleared` are the failures in a row. An account's row carries a seal
/// (``AccountSeals/failures(_:account:)``) and its running count a floor in the audit log's head
/// (``AuditAnchors/failures``): a row reset, deleted or put back from an older copy is refused. Address rows are
/// not sealed (see ``LoginThrottle``).
public struct LoginFailures: Sendable, Equatable {
    public var subject: String
    public var failures: Int
    public var cleared: Int
    /// When the newest failure was counted, in milliseconds since 1970.
    public var lastFailure: Int64
    public var seal: String?

    public init(subject: String, failures: Int, cleared: Int, lastFailure: Int64, seal: String?) {
        self.subject = subject
        self.failures = failures
        self.cleared = cleared
        self.lastFailure = lastFailure
        self.seal = seal
    }

    /// Failures since the last accepted login or unlock.
    public var inARow: Int { max(0, failures - cleared) }

    /// The subject of an account's row.
    public static func account(_ name: String) -> String { "account:" + name }

    /// The subject of a client address's row.
    public static func address(_ address: String) -> String { "address:" + address }
}

/// Where ``LoginFailures`` live: a table beside the staff accounts in the vault's database.
public protocol LoginFailureStorage: AnyObject {
    /// The row of `subject`, if any.
    func loginFailures(of subject: String) throws -> LoginFailures?
    /// Compare-and-set: replaces the row `expected` (nil: there is none yet) by `new`; false, changing nothing,
    /// when the stored row is no longer `expected` (another server counted first).
    func replaceLoginFailures(_ expected: LoginFailures?, with new: LoginFailures) throws -> Bool
    /// Deletes the rows of client addresses whose newest failure is older than `time` (milliseconds since 1970).
    func forgetAddressFailures(before time: Int64) throws
}
