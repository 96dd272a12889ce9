import VeilCore
import VeilPipeline
import VeilServer
import VeilVault

extension ReversalCatalog {
    /// The resolver a ``FormatReverser`` of the detokenization service uses: recorded domains of this vault, their
    /// version resolved from the masking history, rebuilt under the key store `keys` gives at the time (the latest one
    /// a ``KeyStoreWatch`` accepted). What cannot be answered — an ambiguous or unused version, an unknown or retired
    /// one — is a `.forbidden` ``ServiceDenial``.
    public static func resolver(vault: TokenVault, keys: @escaping @Sendable () -> KeyStore) -> FormatReverser.Resolver
    {
        { domain, version, encoding in
            let store = keys()
            let resolved: Resolved?
            do {
                resolved = try resolve(domain: domain, version: version, encoding: encoding, vault: vault, keys: store)
            } catch let refusal as MaskingHistory.Refusal {
                throw ServiceDenial(.forbidden, refusal.description, auditReason: refusal.auditReason)
            } catch let error as VeilError where error.code == .keyStore {
                throw ServiceDenial(.forbidden, error.message, auditReason: error.message)
            }
            guard let resolved else { return nil }
            let keyID = try store.decryptionKey(version: resolved.version).id
            return FormatReverser.Resolution(identity: resolved.identity(keyID: keyID)) {
                let transformer = try build(resolved, keys: store)
                return { token in try? transformer.reveal(token) }
            }
        }
    }
}
