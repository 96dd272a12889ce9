import Foundation
import VeilCrypto
import VeilTestSupport
import VeilVault

@testable import VeilMasking

/// Real token vaults (SQLite files in a temporary directory) for the `tokenize` rule's tests: one vault per key
/// ring, each under its own key store, so "another key" means another vault as it does in a real run.
enum VaultFixtures {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var vaults: [String: TokenVault] = [:]
    private static let directory = TemporaryDirectory("veil-vault-fixtures")

    /// The issuer of the vault that belongs to `ring`.
    static func issuer(for ring: MaskingKeyRing) -> any TokenIssuer {
        let marker = ring.keys(forDomain: "vault-fixture").hmac.authenticationCode(for: "which ring").hexString
        return lock.withLock {
            if let vault = vaults[marker] { return VaultIssuer(vault: vault) }
            let keyBytes = Array(SHA256Hash.hash(Array(marker.utf8)).bytes)
            let keys = try! KeyStore.create(
                at: directory.file("keys-\(marker.prefix(12))"), secret: .key(SecureBytes(keyBytes)))
            let vault = try! TokenVault(
                storage: try! SQLiteVaultStorage(path: directory.file("vault-\(marker.prefix(12)).sqlite")), keys: keys)
            vaults[marker] = vault
            return VaultIssuer(vault: vault)
        }
    }
}

/// The vault as the masking contract sees it.
struct VaultIssuer: TokenIssuer {
    let vault: TokenVault

    func tokens(for values: [String], domain: String) throws -> [String] {
        try vault.tokens(for: values, domain: domain)
    }
}
