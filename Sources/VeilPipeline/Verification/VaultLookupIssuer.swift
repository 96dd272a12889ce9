import VeilCore
import VeilMasking
import VeilVault

/// The token issuer `veil verify` recomputes `tokenize` columns with: each value's existing token, looked up in the
/// vault; never a new one (verification writes nothing). A value the vault has no token for gets ``absent``, which
/// equals no output field, so an output token there counts as unexpected.
struct VaultLookupIssuer: TokenIssuer {
    let vault: TokenVault

    /// Holds a NUL, which no field read from a dump, SQLite file or CSV folder contains.
    static let absent = "\u{0}no token"

    func tokens(for values: [String], domain: String) throws -> [String] {
        do {
            return try vault.existingTokens(for: values, domain: domain).map { $0 ?? Self.absent }
        } catch let error as VaultError {
            throw error.veilError
        }
    }
}
