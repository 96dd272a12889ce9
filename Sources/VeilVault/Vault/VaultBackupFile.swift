import VeilCore
import VeilFiles

/// A vault backup, written by SQLite into a temporary file beside its path, published as every output is
/// (``AtomicFileWriter/publish(produced:at:beforePublish:)``: 0600, synced, renamed after `beforePublish`).
enum VaultBackupFile {
    /// Publishes `temporary` at `path`. Errors of `beforePublish` (the audit entry) pass through as they are; those of
    /// the file steps become storage errors, after `cleanup` (files SQLite keeps beside the temporary one).
    static func publish(
        _ temporary: String, at path: String, cleanup: () -> Void = {}, beforePublish: () throws -> Void
    ) throws {
        var inHook = false
        do {
            try AtomicFileWriter.publish(produced: temporary, at: path) {
                inHook = true
                try beforePublish()
                inHook = false
            }
        } catch let error as VeilError where !inHook {
            cleanup()
            throw VaultError(.storage, "cannot publish the vault backup at \(path): \(error.message)")
        }
    }
}
