import Foundation

/// Requests per account in a sliding minute, in memory.
final class RateLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var recent: [String: [Date]] = [:]

    /// Counts a request of `account` at `now`; false (not counted) when `limit` requests already fell in the last
    /// 60 seconds.
    func allow(_ account: String, limit: Int, now: Date) -> Bool {
        lock.withLock {
            var times = (recent[account] ?? []).filter { now.timeIntervalSince($0) < 60 }
            guard times.count < limit else {
                recent[account] = times
                return false
            }
            times.append(now)
            recent[account] = times
            return true
        }
    }
}
