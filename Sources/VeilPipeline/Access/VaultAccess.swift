import VeilCore
import VeilMasking
import VeilProfile
import VeilVault

/// Opens the token vault a profile names (`vault:`): a SQLite file, or a `postgresql://` URL for a vault shared
/// by several machines.
public enum VaultAccess {
    /// The profile's vault, opened under its key store.
    public static func open(_ profile: Profile, keys: KeyStore) throws -> TokenVault {
        guard let location = profile.vault else {
            throw VeilError(.usage, "the profile has no `vault:`; tokenize and detokenization need one")
        }
        guard keys.key(for: .fingerprint) != nil else {
            throw VeilError(
                .keyStore,
                "the key store \(keys.path) has no fingerprint key (it predates vaults): run `veil keys rotate` once")
        }
        do {
            return try TokenVault(storage: try VaultStorageFactory.open(location: location), keys: keys)
        } catch let error as VaultError {
            throw error.veilError
        }
    }

    /// Prepares the vault for a run: when the profile has one, records how the plan's reversible format domains
    /// are masked (for detokenization) and returns a token issuer if the plan uses `tokenize`. Without a vault,
    /// `tokenize` is refused.
    static func issuer(for plan: MaskingPlan, profile: Profile, keys: KeyStore) throws -> (any TokenIssuer)? {
        let tokenizes = plan.usesRule(TokenizeRule.definition.name)
        guard profile.vault != nil else {
            if tokenizes {
                throw VeilError(
                    .usage,
                    "`tokenize` needs a token vault: set `vault:` in the profile (a SQLite file or a postgresql:// URL)"
                )
            }
            return nil
        }
        let vault = try open(profile, keys: keys)
        do {
            try ReversalCatalog.record(plan, keyVersion: keys.currentVersion, in: vault)
        } catch let error as VaultError {
            throw error.veilError
        }
        guard tokenizes else { return nil }
        vault.holdWrites()
        return VaultTokenIssuer(vault: vault)
    }
}

/// The masking contract for tokens, backed by the vault.
struct VaultTokenIssuer: TokenIssuer {
    let vault: TokenVault

    func tokens(for values: [String], domain: String) throws -> [String] {
        do {
            return try vault.tokens(for: values, domain: domain)
        } catch let error as VaultError {
            throw error.veilError
        }
    }

    func flush() throws {
        do {
            try vault.flush()
        } catch let error as VaultError {
            throw error.veilError
        }
    }
}
