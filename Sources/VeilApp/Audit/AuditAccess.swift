import VeilCore
import VeilPipeline
import VeilProfile
import VeilVault

/// The audit log a profile names (`audit:`), under the key store's audit key.
public enum AuditAccess {
    /// The profile's audit log, or nil when the profile has none. Refuses a key store older than the newest one
    /// the log has recorded (a copy restored to undo a rotation, rewrap or retirement) and records a newer one.
    public static func open(_ profile: Profile, keys: KeyStore) throws -> AuditLog? {
        guard let path = profile.audit else { return nil }
        guard let key = keys.key(for: .audit) else {
            throw VeilError(
                .keyStore, "the key store has no audit key (it predates audit logs): run `veil keys rotate` once")
        }
        let log = try AuditLog.open(at: path, key: key.material)
        try checkGeneration(of: keys, against: log)
        return log
    }

    /// Records one event in the profile's audit log, if it has one. Throws when the entry cannot be written, so
    /// the operation it records can be refused (or reported as unrecorded).
    public static func record(
        _ event: AuditEvent, profile: Profile, keys: KeyStore, user: String? = nil, details: [String: String] = [:]
    ) throws {
        try open(profile, keys: keys)?.append(event, user: user, details: details)
    }

    /// Refuses `keys` when its generation is below the log's anchor; raises the anchor when it is above.
    static func checkGeneration(of keys: KeyStore, against log: AuditLog) throws {
        let floor = try log.anchors().keyStore
        guard keys.generation >= floor else {
            throw VeilError(
                .keyStore,
                "the key store \(keys.path) is older than the one the audit log \(log.path) last recorded (generation "
                    + "\(keys.generation), expected \(floor) or newer): an older copy would undo a rotation, rewrap "
                    + "or retirement; put the current store back")
        }
        if keys.generation > floor { try log.anchor(AuditAnchors(keyStore: keys.generation)) }
    }
}
