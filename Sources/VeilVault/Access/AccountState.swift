import VeilCrypto

/// The staff accounts as a whole, sealed: a generation that every change through ``StaffDirectory`` raises, and
/// the SHA-256 of every row's name and seal. A row added, removed or put back from an older copy changes the
/// digest; putting back the older state record too gives an older generation, which the audit log's anchor
/// (``AuditAnchors/accounts``) refuses.
///
/// Stored in the vault's settings as `v1 GENERATION DIGEST SEAL` (decimal, then 64 hex digits twice).
struct AccountState: Equatable, Sendable {
    var generation: Int
    var digest: String

    /// The digest of `accounts`' names and stored seals, in name order.
    init(generation: Int, accounts: [StaffAccount]) {
        self.generation = generation
        var hasher = SHA256Hasher()
        for account in accounts.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            for field in [account.name, account.seal ?? ""] { hasher.update(AccountSeals.framed(Array(field.utf8))) }
        }
        digest = hasher.finalize().hexString
    }

    private init(generation: Int, digest: String) {
        self.generation = generation
        self.digest = digest
    }

    /// The stored text, sealed.
    func stored(_ seals: AccountSeals) -> String {
        "v1 \(generation) \(digest) \(seals.state(generation: generation, digest: digest))"
    }

    /// Parses stored text; nil when it is malformed or its seal does not verify.
    static func parse(_ text: String, _ seals: AccountSeals) -> AccountState? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "v1", let generation = Int(parts[1]), generation >= 0,
            String(generation) == parts[1], parts[2].utf8.count == 64,
            AccountSeals.matches(parts[3], seals.state(generation: generation, digest: parts[2]))
        else { return nil }
        return AccountState(generation: generation, digest: parts[2])
    }
}

/// Staff records that fail their integrity check: changed, added, removed or restored outside `veil users`.
/// `reason` names the account or record, never a value; it goes to the audit log.
public struct AccountIntegrityFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
