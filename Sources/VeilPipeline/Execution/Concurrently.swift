import Dispatch
import Foundation

/// Two pieces of work at once: one on a Dispatch worker, one on the calling thread.
enum Concurrently {
    /// Runs `side` on a worker while `main` runs here, and returns `main`'s result once both are done. `main`'s
    /// error comes first, then `side`'s. `side` may use what the caller owns (a reader): the caller does not touch
    /// it until this returns.
    static func run<Result>(_ side: (() throws -> Void)?, _ main: () throws -> Result) throws -> Result {
        guard let side else { return try main() }
        let outcome = SideOutcome(side)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { outcome.run() }
        let result = Swift.Result { try main() }
        group.wait()
        let value = try result.get()
        if let error = outcome.error { throw error }
        return value
    }

    /// The side work and its error; read only after the group is waited on.
    private final class SideOutcome: @unchecked Sendable {
        private let work: () throws -> Void
        private(set) var error: Error?

        init(_ work: @escaping () throws -> Void) { self.work = work }

        func run() {
            do { try work() } catch { self.error = error }
        }
    }
}
