import Dispatch
import Foundation
import PostgresDriver
import VeilCore

/// Swaps a new copy in place of a live database in one transaction:
/// `ALTER DATABASE target RENAME TO old; ALTER DATABASE next RENAME TO target; COMMIT`.
///
/// A rename needs the database free of sessions, and applications reconnect at once, so terminating sessions first
/// and renaming afterwards loses the race. The rename itself takes an exclusive lock on the database, which every
/// new connection waits for; while the transaction runs on the control connection, a second session keeps
/// terminating both the target's sessions and the connections queued on that lock, until the rename sees none
/// left. A connection therefore reaches either the previous copy (before the lock) or, after the commit, the new
/// one. If Veil dies mid-swap the server rolls the transaction back and nothing changed.
struct DatabaseSwap {
    let control: PostgresConnection
    let killer: PostgresConnection
    let target: String
    let next: String
    let old: String
    let targetExists: Bool

    func run() throws {
        var attempt = 0
        while true {
            attempt += 1
            do {
                try renameWhileDisconnecting()
                return
            } catch let error as PostgresError where error.sqlState == "55006" && attempt < 3 {
                continue  // object_in_use: a session outlived the rename's wait; try again
            }
        }
    }

    private func renameWhileDisconnecting() throws {
        let quotedTarget = try control.quoteIdentifier(target)
        let quotedNext = try control.quoteIdentifier(next)
        let quotedOld = try control.quoteIdentifier(old)
        let outcome = SwapOutcome()
        let done = DispatchGroup()
        done.enter()
        let control = control
        let targetExists = targetExists
        DispatchQueue.global().async {
            outcome.set(
                Result {
                    try control.transaction {
                        if targetExists { try control.execute("ALTER DATABASE \(quotedTarget) RENAME TO \(quotedOld)") }
                        try control.execute("ALTER DATABASE \(quotedNext) RENAME TO \(quotedTarget)")
                    }
                })
            done.leave()
        }
        var disconnectError: PostgresError?
        if targetExists {
            repeat {
                if disconnectError == nil {
                    do { try disconnectSessions() } catch let error as PostgresError { disconnectError = error }
                }
            } while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut
        } else {
            done.wait()
        }
        do {
            try outcome.get()
        } catch let error as PostgresError {
            if let disconnectError {
                throw VeilError(
                    .target,
                    "cannot disconnect the sessions on \(target) for the swap (the target role needs to own them or be "
                        + "a member of pg_signal_backend): \(disconnectError.message)")
            }
            throw error
        }
    }

    /// Terminates every session on the target and every connection waiting for the rename's lock on it.
    private func disconnectSessions() throws {
        try killer.execute(
            """
            SELECT count(pg_catalog.pg_terminate_backend(s.pid)) FROM (
              SELECT pid FROM pg_catalog.pg_stat_activity WHERE datname = $1
              UNION
              SELECT l.pid FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_database d ON d.oid = l.objid
              WHERE l.locktype = 'object' AND l.classid = 'pg_catalog.pg_database'::pg_catalog.regclass
                AND d.datname = $1 AND NOT l.granted
            ) s WHERE s.pid <> pg_catalog.pg_backend_pid() AND s.pid <> $2::integer
            """, parameters: [target, String(control.backendPID)])
    }
}

/// The swap transaction's result, handed from its queue to the waiting caller.
private final class SwapOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Void, any Error> = .success(())
    func set(_ value: Result<Void, any Error>) { lock.withLock { result = value } }
    func get() throws { try lock.withLock { result }.get() }
}
