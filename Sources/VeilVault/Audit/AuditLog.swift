import Foundation
import VeilCore
import VeilCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The append-only, hash-chained audit log: one JSON line per event, file mode 0600.
///
/// Each line is the canonical JSON (sorted keys, no spaces) of an ``AuditRecord``:
///
///     {"details":{"domain":"email","reason":"ticket 4711"},"event":"grant","mac":"…","prev":"…","seq":2,"time":"2026-11-29T09:31:48.123Z","user":"alice"}
///
/// `prev` is the hex SHA-256 of the previous line's bytes (64 zeros for the first line) and `mac`
/// the hex HMAC-SHA256 under the audit key of the line without its `mac` key. The newest entry's
/// `seq` and hash are also kept, MACed, in `<log>.head` (replaced atomically after each append), so
/// cutting entries off the end of the log is detected.
///
/// ``append(_:anchoring:)`` serialises writers across threads (a lock) and processes (`flock` on the
/// log), checks that the log's last line matches the head, writes the new line with one `write` and
/// `fsync`, then replaces the head. If any step fails it throws (and undoes a written line), and
/// the caller must refuse the request the entry records.
///
/// The head also carries ``AuditAnchors`` — floors for the key store's generation and the staff
/// accounts' state that the vault's database cannot lower — read with ``anchors()`` and raised by an
/// append or by ``anchor(_:)``.
public final class AuditLog: Sendable {
    /// The log file.
    public let path: String
    /// The head file: `<log>.head`.
    public var headPath: String { path + ".head" }

    let codec: AuditCodec
    let fingerprintMAC: HMACSHA256
    private let clock: @Sendable () -> Date
    /// Replaces the head file; tests substitute a failing writer.
    private let writeHead: @Sendable ([UInt8], String) throws -> Void
    private let lock = NSLock()

    private init(
        path: String, key: SecureBytes, clock: @escaping @Sendable () -> Date,
        writeHead: @escaping @Sendable ([UInt8], String) throws -> Void
    ) {
        self.path = path
        self.codec = AuditCodec(key: key)
        self.fingerprintMAC = HMACSHA256(key: Self.fingerprintKey(from: key))
        self.clock = clock
        self.writeHead = writeHead
    }

    /// Opens the audit log at `path` (its head at `<path>.head`) under `key`, checking that the log's
    /// newest entry matches the head.
    ///
    /// A missing log with a missing head is a new, empty chain (the log is created by the first
    /// append). A head without a log, a non-empty log without a head, a head that fails its MAC, or
    /// a log whose last line does not match the head is tampering: throws `.keyStore` (exit 77).
    /// - Parameters:
    ///   - key: The audit key (at least 16 bytes), e.g. derived from the key store; never logged.
    ///   - clock: The time source for entries; tests inject a fixed one.
    public static func open(
        at path: String, key: SecureBytes, clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> AuditLog {
        try open(at: path, key: key, clock: clock, writeHead: { try SecureFile.writeAtomically($0, to: $1) })
    }

    /// ``open(at:key:clock:)`` with the head writer injected (for failure tests).
    static func open(
        at path: String, key: SecureBytes, clock: @escaping @Sendable () -> Date,
        writeHead: @escaping @Sendable ([UInt8], String) throws -> Void
    ) throws -> AuditLog {
        guard key.count >= 16 else { throw VeilError(.keyStore, "the audit key is too short (at least 16 bytes)") }
        let log = AuditLog(path: path, key: key, clock: clock, writeHead: writeHead)
        if let file = try AuditFile(path: path, writable: false) {
            try file.lock(exclusive: false)
            try file.checkIdentityAndMode()
            _ = try log.chainTip(of: file)
        } else if SecureFile.exists(log.headPath) {
            throw VeilError(
                .keyStore,
                "the audit head \(log.headPath) exists but the audit log \(path) is missing; "
                    + "it may have been deleted")
        }
        return log
    }

    /// Appends one entry and returns the record written; the head's anchors are raised to at least
    /// `anchoring` in the same step.
    ///
    /// Throws `.keyStore` (exit 77) if the log cannot be locked, read, written or synced, if the head
    /// cannot be replaced, or if the log does not match its head; `.usage` for a malformed event name
    /// or an entry over 64 KiB. On any failure nothing is left appended.
    @discardableResult
    public func append(_ entry: AuditEntry, anchoring: AuditAnchors = AuditAnchors()) throws -> AuditRecord {
        guard entry.event.isWellFormed else {
            throw VeilError(.usage, "audit event names are lowercase snake_case, at most 64 characters")
        }
        lock.lock()
        defer { lock.unlock() }
        guard let file = try AuditFile(path: path, writable: true) else {
            throw VeilError(.keyStore, "cannot open the audit log \(path)")
        }
        try file.lock(exclusive: true)
        try file.checkIdentityAndMode()
        let tip = try chainTip(of: file)
        let size = try file.size()
        let now = clock()
        let time = now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        let (record, line) = codec.seal(entry, seq: tip.seq + 1, time: time, prev: tip.hash)
        guard line.count <= AuditCodec.maximumLineLength else {
            throw VeilError(.usage, "an audit entry may not exceed \(AuditCodec.maximumLineLength) bytes")
        }
        try file.append(line + [UInt8(ascii: "\n")], restoringSize: size)
        let head = AuditHead(
            seq: record.seq, hash: AuditCodec.hash(ofLine: line),
            anchors: tip.anchors.merged(with: anchoring).pruned(at: now))
        do {
            try writeHead(codec.seal(head), headPath)
        } catch {
            file.truncate(to: size)
            let reason = (error as? VeilError)?.message ?? "\(type(of: error))"
            throw VeilError(.keyStore, "cannot write the audit head \(headPath): \(reason)")
        }
        return record
    }

    /// The anchors the head carries now (empty when there is no head yet). Reads only the head, which
    /// is replaced atomically, so no lock is needed; a head that fails its MAC throws `.keyStore`.
    /// (Whether the log still ends where the head says is checked by every append.)
    public func anchors() throws -> AuditAnchors {
        try readHead()?.anchors ?? AuditAnchors()
    }

    /// Raises the head's anchors to at least `anchors` without adding an entry (after a change the log
    /// already recorded, once it is in place). Nothing to do for a log without entries: a head needs one.
    public func anchor(_ anchors: AuditAnchors) throws {
        lock.lock()
        defer { lock.unlock() }
        guard let file = try AuditFile(path: path, writable: false) else { return }
        try file.lock(exclusive: true)
        try file.checkIdentityAndMode()
        let tip = try chainTip(of: file)
        guard tip.seq > 0 else { return }
        let raised = tip.anchors.merged(with: anchors).pruned(at: clock())
        guard raised != tip.anchors else { return }
        do {
            try writeHead(codec.seal(AuditHead(seq: tip.seq, hash: tip.hash, anchors: raised)), headPath)
        } catch {
            let reason = (error as? VeilError)?.message ?? "\(type(of: error))"
            throw VeilError(.keyStore, "cannot write the audit head \(headPath): \(reason)")
        }
    }

    /// Appends `event` by `user` with non-secret `details`; see ``append(_:)``.
    @discardableResult
    public func append(
        _ event: AuditEvent, user: String? = nil, details: [String: String] = [:],
        anchoring: AuditAnchors = AuditAnchors()
    ) throws -> AuditRecord {
        try append(AuditEntry(event, user: user, details: details), anchoring: anchoring)
    }

    /// Reads the whole log and its head and reports the first problem; see ``AuditVerifier``.
    public func verify() throws -> AuditVerification {
        try AuditVerifier(codec: codec).verify(logAt: path)
    }

    /// The newest entry's `seq` and line hash, and the head's anchors, after checking the log's last
    /// line against the head. The caller holds the file's lock.
    private func chainTip(of file: AuditFile) throws -> (seq: Int, hash: String, anchors: AuditAnchors) {
        let head = try readHead()
        let last = try file.lastLine()
        switch (head, last) {
        case (nil, nil):
            return (0, AuditCodec.zeroHash, AuditAnchors())
        case (nil, .some):
            throw VeilError(
                .keyStore,
                "the audit log \(path) has entries but its head \(headPath) is missing; "
                    + "run `veil audit verify`")
        case (.some(let head), nil):
            throw VeilError(
                .keyStore,
                "the audit head records \(head.seq) entries but the audit log \(path) is empty; "
                    + "it may have been cut")
        case (.some(let head), .some(let last)):
            guard case .success(let record) = codec.open(line: last.bytes) else {
                throw VeilError(
                    .keyStore, "the last entry of the audit log \(path) fails its check; run `veil audit verify`")
            }
            let hash = AuditCodec.hash(ofLine: last.bytes)
            if record.seq == head.seq, hash == head.hash { return (record.seq, hash, head.anchors) }
            // An append that wrote its line but was interrupted before replacing the head.
            if record.seq == head.seq + 1, record.prev == head.hash { return (record.seq, hash, head.anchors) }
            throw VeilError(
                .keyStore,
                "the audit log \(path) does not end where its head says (entry \(head.seq)); "
                    + "it may have been cut; run `veil audit verify`")
        }
    }

    /// The authenticated head, or nil if there is none yet. Throws if it is unreadable or fails its MAC.
    private func readHead() throws -> AuditHead? {
        guard let bytes = try AuditHeadFile.read(headPath) else { return nil }
        guard let head = codec.open(head: bytes) else {
            throw VeilError(.keyStore, "the audit head \(headPath) fails its check; it was changed")
        }
        return head
    }
}
