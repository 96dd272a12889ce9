import Foundation

/// How many audit lines requests from nobody accountable may write: per minute, at most ``perSource`` lines per
/// source (a client address, or an account beyond its per-minute limit) and ``total`` in all. What is refused beyond
/// that is still counted, and the count comes back once per minute as one summary (the `refusals_not_logged` line),
/// so a flood from any number of addresses adds a bounded number of short lines to the log.
final class AuditBudget: @unchecked Sendable {
    static let perSource = 10
    static let total = 60
    static let window: TimeInterval = 60
    /// Sources named in a summary, busiest first.
    static let namedSources = 5

    private let lock = NSLock()
    private var windowStart: Date?
    private var written: [String: Int] = [:]
    private var writtenTotal = 0
    private var suppressed: [String: Int] = [:]
    private var suppressedReasons: [String: Int] = [:]
    private var suppressedTotal = 0

    /// What ``admit(source:why:now:)`` decided: whether to write the refusal's own line, and the summary of the
    /// window that just ended, to write first.
    struct Decision {
        var write: Bool
        var summary: [String: String]?
    }

    /// Counts one refusal from `source` at `now`.
    func admit(source: String, why: String, now: Date) -> Decision {
        lock.withLock {
            var summary: [String: String]?
            if let start = windowStart, now.timeIntervalSince(start) >= Self.window || now < start {
                summary = takeSummary(until: now)
                windowStart = now
            } else if windowStart == nil {
                windowStart = now
            }
            if written[source, default: 0] < Self.perSource, writtenTotal < Self.total {
                written[source, default: 0] += 1
                writtenTotal += 1
                return Decision(write: true, summary: summary)
            }
            suppressed[source, default: 0] += 1
            suppressedReasons[why, default: 0] += 1
            suppressedTotal += 1
            return Decision(write: false, summary: summary)
        }
    }

    /// The summary of the current window when it is over (or `force`d: at shutdown), nil when nothing was
    /// suppressed; a window that is over is reset.
    func summaryIfDue(now: Date, force: Bool = false) -> [String: String]? {
        lock.withLock {
            guard let start = windowStart, force || now.timeIntervalSince(start) >= Self.window else { return nil }
            let summary = takeSummary(until: now)
            windowStart = force ? now : nil
            return summary
        }
    }

    /// The suppressed counts as audit details, and a fresh window; nil when nothing was suppressed. Under `lock`.
    private func takeSummary(until now: Date) -> [String: String]? {
        defer {
            written = [:]
            writtenTotal = 0
            suppressed = [:]
            suppressedReasons = [:]
            suppressedTotal = 0
        }
        guard suppressedTotal > 0, let start = windowStart else { return nil }
        func ranked(_ counts: [String: Int], _ limit: Int) -> String {
            counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit).map { "\($0.key) \($0.value)" }
                .joined(separator: ", ")
        }
        let formatter = ISO8601DateFormatter()
        return [
            "count": String(suppressedTotal), "sources": String(suppressed.count),
            "busiest": ranked(suppressed, Self.namedSources), "why": ranked(suppressedReasons, 10),
            "from": formatter.string(from: start), "until": formatter.string(from: now),
        ]
    }
}
