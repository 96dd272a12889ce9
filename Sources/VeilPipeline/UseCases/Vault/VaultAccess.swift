import VeilCore
import VeilMasking
import VeilProfile
import VeilVault

/// Opens the token vault a profile names (`vault:`): a SQLite file by default.
public enum VaultAccess {
    /// The profile's vault, opened under its key store.
    public static func open(_ profile: Profile, keys: KeyStore) throws -> TokenVault {
        guard let location = profile.vault else {
            throw VeilError(.usage, "the profile has no `vault:`; tokenize and detokenization need one")
        }
        do {
            let lowered = location.lowercased()
            if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
                throw VeilError(.usage, "PostgreSQL vaults are not supported by this version yet; use a SQLite file")
            }
            return try TokenVault(storage: try SQLiteVaultStorage(path: location), keys: keys)
        } catch let error as VaultError {
            throw error.veilError
        }
    }

    /// A token issuer backed by the profile's vault when the plan uses `tokenize`; nil otherwise (no vault is
    /// opened, or required, for runs that do not tokenize).
    static func issuer(for plan: MaskingPlan, profile: Profile, keys: KeyStore) throws -> (any TokenIssuer)? {
        guard plan.usesRule(TokenizeRule.definition.name) else { return nil }
        guard profile.vault != nil else {
            throw VeilError(.usage, "`tokenize` needs a token vault: set `vault:` in the profile (a SQLite file)")
        }
        return VaultTokenIssuer(vault: try open(profile, keys: keys))
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
}
