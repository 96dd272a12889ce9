import VeilCore
import VeilPipeline
import VeilProfile
import VeilVault

/// `veil keys rewrap`: every key wrapped again under a new passphrase or key command; the keys themselves, and so
/// every token, stay the same. The profile must then name the new secret. Audited first: the rewrapped store
/// replaces the old one only once its entry is written.
public struct KeysRewrap {
    public let profilePath: String
    /// `env:`, `file:` or `command:` reference to the new passphrase, or to the new 32-byte key (`newKEK`).
    public let newPassphrase: String?
    public let newKEK: String?

    public init(profilePath: String, newPassphrase: String?, newKEK: String?) {
        self.profilePath = profilePath
        self.newPassphrase = newPassphrase
        self.newKEK = newKEK
    }

    public func execute() throws -> KeyStore {
        let secret: KeySecret
        switch (newPassphrase, newKEK) {
        case (let passphrase?, nil): secret = try KeyAccess.secret(passphrase: try Self.reference(passphrase))
        case (nil, let kek?): secret = try KeyAccess.secret(kek: try Self.reference(kek))
        default:
            throw VeilError(.usage, "give exactly one of --new-passphrase and --new-kek")
        }
        let profile = try ProfileLoading.load(profilePath)
        let store = try KeyAccess.open(profile)
        let audit = try AuditAccess.open(profile, keys: store)
        let rewrapped = try AuditedChange.run(audit, .keyRewrap) { record in
            try store.rewrapped(with: secret) { next in
                try record(["kek": newKEK == nil ? "passphrase" : "command", "generation": String(next.generation)])
            }
        }
        try? audit?.anchor(AuditAnchors(keyStore: rewrapped.generation))
        return rewrapped
    }

    private static func reference(_ text: String) throws -> SecretReference {
        guard let reference = SecretReference(parsing: text) else {
            throw VeilError(.usage, "a new secret is given as env:NAME, file:PATH or command:CMD, never literally")
        }
        return reference
    }
}
