/// Reverses tokens of format rules (`fpe`, `card`) by rebuilding the rule that made them under the data key of the
/// requested version (the current one unless the request names another).
public struct FormatReverser: TokenReverser {
    /// For a domain and key version: a function from token to original (nil when the token was not made
    /// reversibly), or nil when the domain is not a recorded format domain.
    public typealias Provider = @Sendable (_ domain: String, _ version: Int) throws -> (@Sendable (String) -> String?)?

    private let currentVersion: Int
    private let provider: Provider

    public init(currentVersion: Int, provider: @escaping Provider) {
        self.currentVersion = currentVersion
        self.provider = provider
    }

    public func original(of token: String, domain: String, keyVersion: Int?) throws -> String? {
        try provider(domain, keyVersion ?? currentVersion)?(token)
    }

    /// True when `domain` is a recorded format domain.
    public func knows(_ domain: String) throws -> Bool {
        try provider(domain, currentVersion) != nil
    }
}

/// Format domains through ``FormatReverser``, everything else through the vault.
public struct CompositeReverser: TokenReverser {
    public let format: FormatReverser
    public let vault: VaultReverser

    public init(format: FormatReverser, vault: VaultReverser) {
        self.format = format
        self.vault = vault
    }

    public func original(of token: String, domain: String, keyVersion: Int?) throws -> String? {
        if try format.knows(domain) { return try format.original(of: token, domain: domain, keyVersion: keyVersion) }
        return try vault.original(of: token, domain: domain, keyVersion: keyVersion)
    }
}
