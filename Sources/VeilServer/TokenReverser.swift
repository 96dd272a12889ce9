import VeilVault

/// Turns a token back into its original, for the detokenization service: the vault for `tokenize` tokens (later
/// also FF1 for `fpe` tokens, with the domain key of the version that made them).
public protocol TokenReverser: Sendable {
    /// The original of `token` in `domain`, or nil when this reverser does not know the token.
    /// - Parameter keyVersion: the data key version that made it, when the caller knows (vault entries record
    ///   their own).
    func original(of token: String, domain: String, keyVersion: Int?) throws -> String?
}

/// Reverses vaulted tokens.
public struct VaultReverser: TokenReverser {
    public let vault: TokenVault

    public init(vault: TokenVault) {
        self.vault = vault
    }

    public func original(of token: String, domain: String, keyVersion: Int?) throws -> String? {
        try vault.original(of: token, domain: domain)
    }
}
