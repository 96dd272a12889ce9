/// Issues vaulted tokens (the pipeline hands a rule one backed by the token vault): the same value always gets the
/// same token in a domain, and the vault can reverse it for authorized staff. Masking code never sees the vault's
/// storage, only this contract.
public protocol TokenIssuer: Sendable {
    /// The token of each value in `domain`, in order. Errors describe the problem, never a value.
    func tokens(for values: [String], domain: String) throws -> [String]
    /// Makes every token issued so far durable; a run calls it before publishing its output.
    func flush() throws
}

extension TokenIssuer {
    public func flush() throws {}
}
