import VeilVault

/// Turns a token back into its original, for the detokenization service: the vault for `tokenize` tokens, the
/// recorded rule for format tokens (`fpe`, `card`, `email`...), with the domain key of the version that made them.
public protocol TokenReverser: Sendable {
    /// The original of `token` in `domain`, or nil when this reverser does not know the token.
    /// - Parameters:
    ///   - keyVersion: the data key version that made it, when the caller knows (vault entries record their own).
    ///   - encoding: the rule's encoding that made it, when not the one recorded for the domain (an `email` token of
    ///     a copy made before encoding 2); ignored by rules without encodings.
    func original(of token: String, domain: String, keyVersion: Int?, encoding: Int?) throws -> String?
}

extension TokenReverser {
    /// The original of `token` under the domain's recorded encoding.
    public func original(of token: String, domain: String, keyVersion: Int?) throws -> String? {
        try original(of: token, domain: domain, keyVersion: keyVersion, encoding: nil)
    }
}

/// Reverses vaulted tokens.
public struct VaultReverser: TokenReverser {
    public let vault: TokenVault

    public init(vault: TokenVault) {
        self.vault = vault
    }

    public func original(of token: String, domain: String, keyVersion: Int?, encoding: Int?) throws -> String? {
        try vault.original(of: token, domain: domain)
    }
}
