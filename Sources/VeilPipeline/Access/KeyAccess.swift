import VeilCore
import VeilCrypto
import VeilProfile
import VeilVault

/// Opens the key store a profile names, with the secret it references.
public enum KeyAccess {
    /// The profile's key store, opened. Exit 77 when missing, locked or unreadable.
    public static func open(_ profile: Profile) throws -> KeyStore {
        try KeyStore.open(at: profile.keys.store, secret: secret(of: profile))
    }

    /// Creates the profile's key store (`veil keys init`). Refuses to overwrite one. `beforeCommit` sees the new
    /// store before it is put in place; if it throws, no store is created.
    public static func initialize(_ profile: Profile, beforeCommit: (KeyStore) throws -> Void = { _ in }) throws
        -> KeyStore
    {
        try KeyStore.create(at: profile.keys.store, secret: secret(of: profile), beforeCommit: beforeCommit)
    }

    /// The profile's `kek:` (a 32-byte key, from a command or elsewhere) or else its `passphrase:`.
    package static func secret(of profile: Profile) throws -> KeySecret {
        if let kek = profile.keys.kek { return try secret(kek: kek) }
        guard let passphrase = profile.keys.passphrase else {
            throw VeilError(.keyStore, "the profile's keys have neither `passphrase:` nor `kek:`")
        }
        return try secret(passphrase: passphrase)
    }

    package static func secret(passphrase reference: SecretReference) throws -> KeySecret {
        .passphrase(try SecretBytes.of(reference))
    }

    package static func secret(kek reference: SecretReference) throws -> KeySecret {
        var bytes = try SecretBytes.of(reference).withUnsafeBytes { Array($0) }
        defer { for index in bytes.indices { bytes[index] = 0 } }
        return try KeySecret.commandKey(fromOutput: bytes)
    }
}
