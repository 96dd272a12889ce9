import Foundation

/// What the audit log's head (`<log>.head`, MACed under the audit key) remembers so that an older copy of the key
/// store or of the vault's staff rows is refused: whoever can write the vault's database or the key store file
/// cannot change the head, so a value there is a floor the other side may not go below.
///
/// - `keyStore`: the newest key store ``KeyStore/generation`` seen; a store of a smaller generation is an older
///   copy (a rotation, rewrap or retirement undone).
/// - `accounts`: the newest staff-accounts generation seen (see ``StaffDirectory``); smaller is a rolled-back
///   account table (a disabled user enabled again, a role restored).
/// - `steps`: per account, the newest TOTP step accepted; a smaller recorded step in the vault reopens used codes.
///   Kept only while such a step could still be accepted (a few minutes).
/// - `usage`: per account, the tokens used on a day; a smaller recorded count in the vault resets the daily limit.
///   Kept only for the newest day.
///
/// Every value only grows: ``merged(with:)`` takes the larger of each, so appends from several processes that
/// share a log never lower a floor.
public struct AuditAnchors: Sendable, Equatable {
    /// Tokens used by one account on one day (`YYYY-MM-DD`, UTC).
    public struct DailyUsage: Sendable, Equatable {
        public var day: String
        public var tokens: Int

        public init(day: String, tokens: Int) {
            self.day = day
            self.tokens = tokens
        }
    }

    public var keyStore: Int
    public var accounts: Int
    public var steps: [String: Int64]
    public var usage: [String: DailyUsage]

    public init(keyStore: Int = 0, accounts: Int = 0, steps: [String: Int64] = [:], usage: [String: DailyUsage] = [:]) {
        self.keyStore = keyStore
        self.accounts = accounts
        self.steps = steps
        self.usage = usage
    }

    /// TOTP steps older than this many steps before now are dropped: a code of such a step is refused by its time
    /// window anyway (±1 step), so its floor no longer protects anything. The margin covers clock skew.
    static let stepsKept: Int64 = 10

    /// The newest day the floor of `account`'s usage applies to, and its count; 0 for another day.
    public func tokensUsed(by account: String, on day: String) -> Int {
        guard let recorded = usage[account], recorded.day == day else { return 0 }
        return recorded.tokens
    }

    /// The larger of each value (for usage: the later day, or the larger count on the same day).
    public func merged(with other: AuditAnchors) -> AuditAnchors {
        var result = self
        result.keyStore = max(keyStore, other.keyStore)
        result.accounts = max(accounts, other.accounts)
        result.steps.merge(other.steps) { max($0, $1) }
        result.usage.merge(other.usage) { mine, theirs in
            if mine.day != theirs.day { return mine.day > theirs.day ? mine : theirs }
            return mine.tokens >= theirs.tokens ? mine : theirs
        }
        return result
    }

    /// Without the floors that can no longer matter at `date`: TOTP steps (30-second periods) more than
    /// ``stepsKept`` steps old, and usage of days before `date`'s (UTC).
    func pruned(at date: Date) -> AuditAnchors {
        var result = self
        let currentStep = Int64((date.timeIntervalSince1970 / 30).rounded(.down))
        result.steps = steps.filter { $0.value >= currentStep - Self.stepsKept }
        let today = Self.day(of: date)
        result.usage = usage.filter { $0.value.day >= today }
        return result
    }

    /// `YYYY-MM-DD` of `date` in UTC: the day daily usage is counted in.
    public static func day(of date: Date) -> String {
        date.formatted(dayStyle)
    }

    private static let dayStyle = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day()

    var isEmpty: Bool { self == AuditAnchors() }

    /// The head's `anchors` member: only what is set, so a head without anchors keeps its old bytes.
    var canonicalValue: CanonicalJSON.Value {
        var members: [String: CanonicalJSON.Value] = [:]
        if keyStore != 0 { members["keystore"] = .int(keyStore) }
        if accounts != 0 { members["accounts"] = .int(accounts) }
        if !steps.isEmpty { members["steps"] = .object(steps.mapValues { .int(Int($0)) }) }
        if !usage.isEmpty {
            members["usage"] = .object(
                usage.mapValues { .object(["day": .string($0.day), "tokens": .int($0.tokens)]) })
        }
        return .object(members)
    }

    /// The stored form, as decoded; ``canonicalValue`` of the result must give back the same bytes.
    struct Stored: Decodable {
        struct Usage: Decodable {
            let day: String
            let tokens: Int
        }
        let keystore: Int?
        let accounts: Int?
        let steps: [String: Int64]?
        let usage: [String: Usage]?

        var anchors: AuditAnchors {
            AuditAnchors(
                keyStore: keystore ?? 0, accounts: accounts ?? 0, steps: steps ?? [:],
                usage: (usage ?? [:]).mapValues { DailyUsage(day: $0.day, tokens: $0.tokens) })
        }
    }
}
