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

    /// Everything one request's tokens need decided before any is revealed — which key version and rule made them,
    /// whether the key store still allows it — so a request that cannot be answered is refused whole, before it is
    /// charged. Reverses with ``original(of:domain:keyVersion:encoding:)`` unless a reverser does better.
    /// - Throws: a ``ServiceDenial`` when the request cannot be answered (an ambiguous, unused, unknown or retired key
    ///   version: `.forbidden`; a key store that cannot be used: `.unavailable`); the service audits it.
    func reversal(domain: String, keyVersion: Int?, encoding: Int?) throws -> TokenReversal
}

extension TokenReverser {
    /// The original of `token` under the domain's recorded encoding.
    public func original(of token: String, domain: String, keyVersion: Int?) throws -> String? {
        try original(of: token, domain: domain, keyVersion: keyVersion, encoding: nil)
    }

    public func reversal(domain: String, keyVersion: Int?, encoding: Int?) throws -> TokenReversal {
        TokenReversal { try original(of: $0, domain: domain, keyVersion: keyVersion, encoding: encoding) }
    }
}

/// One request's reversal, decided: token in, original out (nil for a token it does not know).
public struct TokenReversal: Sendable {
    private let reveal: @Sendable (String) throws -> String?

    public init(_ reveal: @escaping @Sendable (String) throws -> String?) {
        self.reveal = reveal
    }

    public func original(of token: String) throws -> String? {
        try reveal(token)
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
