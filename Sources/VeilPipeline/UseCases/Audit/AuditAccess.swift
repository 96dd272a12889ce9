import VeilCore
import VeilProfile
import VeilVault

/// The audit log a profile names (`audit:`), under the key store's audit key.
public enum AuditAccess {
    /// The profile's audit log, or nil when the profile has none.
    public static func open(_ profile: Profile, keys: KeyStore) throws -> AuditLog? {
        guard let path = profile.audit else { return nil }
        guard let key = keys.key(for: .audit) else {
            throw VeilError(
                .keyStore, "the key store has no audit key (it predates audit logs): run `veil keys rotate` once")
        }
        return try AuditLog.open(at: path, key: key.material)
    }

    /// Records one event in the profile's audit log, if it has one. Throws when the entry cannot be written, so
    /// the operation it records can be refused (or reported as unrecorded).
    public static func record(
        _ event: AuditEvent, profile: Profile, keys: KeyStore, user: String? = nil, details: [String: String] = [:]
    ) throws {
        try open(profile, keys: keys)?.append(event, user: user, details: details)
    }
}
