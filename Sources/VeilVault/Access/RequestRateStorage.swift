import Foundation
import VeilCore

/// Where the per-minute request limit is counted: in the vault's database, next to the daily usage, so that every
/// `veil serve` process on one vault counts the same requests (two servers do not each allow the limit).
///
/// A sliding window: the times (milliseconds) of the account's admitted requests are kept; a request is admitted
/// when fewer than `limit` of them fall within the window before it. The check and the record are one atomic step
/// across processes (SQLite: an immediate transaction; PostgreSQL: one `INSERT ... ON CONFLICT` on the account's
/// row). Times older than the window are dropped as the account makes requests.
public protocol RequestRateStorage: AnyObject {
    /// Records a request of `name` at `time` (milliseconds since 1970) unless `limit` of its requests already
    /// fall after `time - window`; returns whether it was admitted (and recorded).
    func admitRequest(forAccount name: String, atMillisecond time: Int64, windowMilliseconds window: Int64, limit: Int)
        throws -> Bool
}

extension StaffDirectory {
    /// Counts a request of `name` at `date` against `limit` requests in the sliding minute before it, in the
    /// vault's database (shared by every server on the vault); false (not counted) when the limit is reached.
    /// - Throws: ``VeilError`` `.internal` when the directory's storage keeps no request counts.
    public func admitRequest(by name: String, limit: Int, at date: Date = Date()) throws -> Bool {
        guard let counter = storage as? RequestRateStorage else {
            throw VeilError(.internal, "the vault's storage keeps no request counts")
        }
        guard limit > 0 else { return false }
        let time = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        return try lock.withLock {
            try counter.admitRequest(forAccount: name, atMillisecond: time, windowMilliseconds: 60_000, limit: limit)
        }
    }
}
