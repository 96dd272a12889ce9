import Dispatch
import Foundation

/// The temporary files and folders this process is writing outputs into, so that a `SIGTERM` or `SIGINT` removes
/// them before the process ends: an interrupted run leaves nothing behind that a later reader could mistake for an
/// output (a `SIGKILL` cannot be caught; its leftovers are removed by the next writer of the same target).
///
/// Writers ``register(_:)`` a temporary path when they create it and ``unregister(_:)`` it when they publish or
/// discard it. ``removeOnTermination()`` (called once by the command line at start) installs the signal handling:
/// the signals are routed to a dispatch queue (no work happens in a signal handler), which removes every registered
/// path and then ends the process with the signal's default action, so the exit status still says "killed by
/// SIGTERM".
public enum TemporaryOutputs {
    private static let registry = Registry()

    /// Records a temporary file or folder of this process.
    public static func register(_ path: String) { registry.insert(path) }

    /// Forgets a path (published under its final name, or already removed).
    public static func unregister(_ path: String) { registry.remove(path) }

    /// The paths currently registered (for tests).
    public static var registered: Set<String> { registry.paths }

    /// Removes every registered file and folder now.
    public static func removeAll() {
        for path in registry.drain() { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Routes `SIGTERM` and `SIGINT` to a handler that calls ``removeAll()`` and then lets the signal end the
    /// process. Safe to call more than once.
    public static func removeOnTermination() {
        registry.installOnce {
            let queue = DispatchQueue(label: "veil.termination")
            return [SIGTERM, SIGINT].map { number in
                Syscalls.ignoreSignal(number)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler {
                    removeAll()
                    Syscalls.raiseWithDefaultAction(number)
                }
                source.resume()
                return source
            }
        }
    }

    private final class Registry: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: Set<String> = []
        private var sources: [any DispatchSourceSignal]?

        func insert(_ path: String) { lock.withLock { _ = entries.insert(path) } }
        func remove(_ path: String) { lock.withLock { _ = entries.remove(path) } }
        var paths: Set<String> { lock.withLock { entries } }

        func drain() -> Set<String> {
            lock.withLock {
                defer { entries = [] }
                return entries
            }
        }

        func installOnce(_ make: () -> [any DispatchSourceSignal]) {
            lock.withLock {
                if sources == nil { sources = make() }
            }
        }
    }
}
