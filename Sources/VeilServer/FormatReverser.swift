import Foundation

/// Reverses tokens of format rules (`fpe`, `card`, `email`...) by rebuilding the rule that made them under the data key
/// of the requested version (the current one unless the request names another) and, for a rule with encodings, the
/// requested encoding (the recorded one unless the request names another). A rebuilt rule is kept per domain, version
/// and encoding, so a request's tokens (and later requests) reuse it instead of deriving keys and rebuilding it per
/// token.
public final class FormatReverser: TokenReverser, @unchecked Sendable {
    /// For a domain and key version: a function from token to original (nil when the token was not made
    /// reversibly), or nil when the domain is not a recorded format domain.
    public typealias Reveal = @Sendable (String) -> String?
    public typealias Provider = @Sendable (_ domain: String, _ version: Int, _ encoding: Int?) throws -> Reveal?

    private let currentVersion: Int
    private let provider: Provider
    private let lock = NSLock()
    /// Rebuilt rules by `version|encoding|domain`; only domains that are recorded (a domain recorded later is found
    /// then).
    private var built: [String: Reveal] = [:]

    public init(currentVersion: Int, provider: @escaping Provider) {
        self.currentVersion = currentVersion
        self.provider = provider
    }

    public func original(of token: String, domain: String, keyVersion: Int?, encoding: Int?) throws -> String? {
        try reveal(domain: domain, version: keyVersion ?? currentVersion, encoding: encoding)?(token)
    }

    /// The reversal of `domain` under `version` (and `encoding`, when given), or nil when `domain` is not a recorded
    /// format domain.
    public func reveal(domain: String, version: Int, encoding: Int? = nil) throws -> Reveal? {
        let key = "\(version)|\(encoding.map(String.init) ?? "")|\(domain)"
        if let cached = lock.withLock({ built[key] }) { return cached }
        guard let made = try provider(domain, version, encoding) else { return nil }
        lock.withLock { built[key] = made }
        return made
    }

    /// The current version, for callers that route by domain.
    var defaultVersion: Int { currentVersion }
}

/// Format domains through ``FormatReverser``, everything else through the vault.
public struct CompositeReverser: TokenReverser {
    public let format: FormatReverser
    public let vault: VaultReverser

    public init(format: FormatReverser, vault: VaultReverser) {
        self.format = format
        self.vault = vault
    }

    public func original(of token: String, domain: String, keyVersion: Int?, encoding: Int?) throws -> String? {
        if let reveal = try format.reveal(
            domain: domain, version: keyVersion ?? format.defaultVersion, encoding: encoding)
        {
            return reveal(token)
        }
        return try vault.original(of: token, domain: domain, keyVersion: keyVersion, encoding: encoding)
    }
}
