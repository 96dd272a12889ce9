import VeilCore
import VeilPipeline
import VeilVault

/// Audit first: an administrative change (keys, users, vault) writes its audit entry before the change takes
/// effect, so no change happens without its entry.
///
/// The change gets a `record` step to call once everything is prepared but nothing is yet in place (a key store
/// written beside the old one, a database transaction not yet committed, a backup not yet renamed): if the entry
/// cannot be written, `record` throws and the change is abandoned (exit 77). If the change then fails after all,
/// a `change_failed` entry naming the event follows (best effort), so the log does not claim a change that did
/// not happen. Without an audit log, `record` does nothing.
enum AuditedChange {
    static func run<T>(
        _ log: AuditLog?, _ event: AuditEvent, user: String? = nil,
        change: (_ record: (_ details: [String: String]) throws -> Void) throws -> T
    ) throws -> T {
        var recorded = false
        do {
            return try change { details in
                try log?.append(event, user: user, details: details)
                recorded = true
            }
        } catch {
            if recorded {
                let code = (error as? VeilError)?.code.name ?? "\(type(of: error))"
                _ = try? log?.append(.changeFailed, user: user, details: ["event": event.rawValue, "error": code])
            }
            throw error
        }
    }
}
