import Foundation
import VeilVault

/// Reverses tokens of format rules (`fpe`, `card`, `email`...) by rebuilding the rule that made them under the data key
/// of the version that made them. Which version (and settings) that is, a ``Resolver`` decides per request from the
/// domain's masking history — the version the request names, or the only one the domain was masked with — and it
/// refuses (a ``ServiceDenial``) rather than guess. A rebuilt rule is kept by what the resolver says identifies it, so
/// a request's tokens (and later requests) reuse it instead of deriving keys and rebuilding it per token.
public final class FormatReverser: TokenReverser, @unchecked Sendable {
    /// From token to original (nil when the token was not made reversibly).
    public typealias Reveal = @Sendable (String) -> String?

    /// What a resolver decided for a request: the rule to rebuild, named by `identity` (equal identities rebuild
    /// the same rule under the same key), and how to build it.
    public struct Resolution: Sendable {
        public var identity: String
        public var build: @Sendable () throws -> Reveal

        public init(identity: String, build: @escaping @Sendable () throws -> Reveal) {
            self.identity = identity
            self.build = build
        }
    }

    /// For a domain, the version the request names (if any) and the encoding it names (if any): the rule to rebuild,
    /// or nil when the domain is not a recorded format domain.
    /// - Throws: a `.forbidden` ``ServiceDenial`` when the request cannot be answered (an ambiguous, unused, unknown or
    ///   retired version).
    public typealias Resolver = @Sendable (_ domain: String, _ version: Int?, _ encoding: Int?) throws -> Resolution?

    private let resolver: Resolver
    private let lock = NSLock()
    /// Rebuilt rules by resolution identity.
    private var built: [String: Reveal] = [:]

    public init(resolver: @escaping Resolver) {
        self.resolver = resolver
    }

    public func original(of token: String, domain: String, keyVersion: Int?, encoding: Int?) throws -> String? {
        try reveal(domain: domain, version: keyVersion, encoding: encoding)?(token)
    }

    /// The reversal of `domain`'s tokens made with `version` (resolved from the history when nil) and `encoding`
    /// (the recorded one when nil), or nil when `domain` is not a recorded format domain.
    public func reveal(domain: String, version: Int?, encoding: Int? = nil) throws -> Reveal? {
        guard let resolution = try resolver(domain, version, encoding) else { return nil }
        if let cached = lock.withLock({ built[resolution.identity] }) { return cached }
        let made = try resolution.build()
        lock.withLock { built[resolution.identity] = made }
        return made
    }
}

/// Format domains through ``FormatReverser``, everything else through the vault; both under the key store as its
/// file is at the start of each request (``KeyStoreWatch``), so a rotation or retirement is in force from the first
/// request after it, without a restart.
public struct CompositeReverser: TokenReverser {
    public let format: FormatReverser
    public let vault: VaultReverser
    public let keys: KeyStoreWatch?

    /// - Parameter keys: the key store to follow; its changes must reach `vault` and `format`'s resolver (the
    ///   watch's `onChange` and ``KeyStoreWatch/latest``).
    public init(format: FormatReverser, vault: VaultReverser, keys: KeyStoreWatch? = nil) {
        self.format = format
        self.vault = vault
        self.keys = keys
    }

    public func original(of token: String, domain: String, keyVersion: Int?, encoding: Int?) throws -> String? {
        try reversal(domain: domain, keyVersion: keyVersion, encoding: encoding).original(of: token)
    }

    public func reversal(domain: String, keyVersion: Int?, encoding: Int?) throws -> TokenReversal {
        do {
            _ = try keys?.current()
        } catch {
            throw ServiceDenial(
                .unavailable, "the service's key store changed and cannot be used; requests are refused until it can",
                auditReason: "key store refused: \(error)")
        }
        if let reveal = try format.reveal(domain: domain, version: keyVersion, encoding: encoding) {
            return TokenReversal { reveal($0) }
        }
        let vault = vault
        return TokenReversal { try vault.original(of: $0, domain: domain, keyVersion: keyVersion, encoding: encoding) }
    }
}
