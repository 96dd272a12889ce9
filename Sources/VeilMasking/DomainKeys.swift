import VeilCrypto

/// The keys of one masking domain under one key version, derived from the data key with HKDF.
///
/// A domain is `schema.table.column` unless columns are linked by `domain:` or a foreign key; the
/// same domain and key version always give the same keys, so joins survive across tables and runs.
public struct DomainKeys: Sendable {
    public let domain: String
    public let keyVersion: Int
    /// AES-256 key for FF1 (and other format-preserving encryption) in this domain.
    public let fpeKey: SecureBytes
    /// HMAC-SHA256 keyed for this domain, inner and outer states precomputed.
    public let hmac: HMACSHA256

    public init(domain: String, keyVersion: Int, fpeKey: SecureBytes, hmacKey: SecureBytes) {
        self.domain = domain
        self.keyVersion = keyVersion
        self.fpeKey = fpeKey
        self.hmac = HMACSHA256(key: hmacKey)
    }
}

/// Derives every domain's keys from one data key (a key store's current data key).
public struct MaskingKeyRing: Sendable {
    public let keyVersion: Int
    private let dataKey: SecureBytes

    public init(dataKey: SecureBytes, keyVersion: Int) {
        self.dataKey = dataKey
        self.keyVersion = keyVersion
    }

    /// The keys of `domain`: HKDF-SHA256 of the data key, with the domain, purpose and key version
    /// in `info`, so every domain and purpose gets an independent key.
    public func keys(forDomain domain: String) -> DomainKeys {
        DomainKeys(
            domain: domain, keyVersion: keyVersion,
            fpeKey: derive(purpose: "fpe", domain: domain),
            hmacKey: derive(purpose: "hmac", domain: domain)
        )
    }

    private func derive(purpose: String, domain: String) -> SecureBytes {
        let info = Array("veil/v1|\(purpose)|v\(keyVersion)|\(domain)".utf8)
        // HKDF with a 32-byte output from a 32-byte key cannot fail.
        return try! HKDF.deriveKey(
            inputKeyMaterial: dataKey, salt: Array("veil-domain-keys".utf8), info: info, outputByteCount: 32)
    }
}
