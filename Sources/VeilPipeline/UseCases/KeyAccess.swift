import VeilCore
import VeilCrypto
import VeilProfile
import VeilVault

/// Opens the key store a profile names, with the secret it references.
public enum KeyAccess {
    /// The profile's key store, opened. Exit 77 when missing, locked or unreadable.
    public static func open(_ profile: Profile) throws -> KeyStore {
        try KeyStore.open(at: profile.keys.store, passphrase: passphrase(of: profile))
    }

    /// Creates the profile's key store (`veil keys init`). Refuses to overwrite one.
    public static func initialize(_ profile: Profile) throws -> KeyStore {
        try KeyStore.create(at: profile.keys.store, passphrase: passphrase(of: profile))
    }

    static func passphrase(of profile: Profile) throws -> SecureBytes {
        guard let reference = profile.keys.passphrase else {
            throw VeilError(.keyStore, "the profile's keys have no `passphrase:`; external key commands come later")
        }
        var bytes = try reference.resolve()
        defer { for index in bytes.indices { bytes[index] = 0 } }
        return SecureBytes(bytes)
    }
}
