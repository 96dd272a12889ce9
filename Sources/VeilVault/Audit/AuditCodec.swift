import Foundation
import VeilCrypto

/// Builds, MACs and strictly parses audit lines and the head file under one audit key.
///
/// A line is the canonical JSON (``CanonicalJSON``) of an ``AuditRecord``; its `mac` is the
/// HMAC-SHA256 of the same object's canonical bytes without the `mac` key. Parsing accepts a line
/// only if re-encoding the parsed record gives back exactly the same bytes, so any change to a line
/// — even one that leaves the values equal, such as a different escape or hex case — is detected. MACs are
/// compared in constant time (``ConstantTime``).
struct AuditCodec: Sendable {
    /// `prev` of the first line.
    static let zeroHash = String(repeating: "0", count: 64)
    /// The longest line `append` writes, newline excluded.
    static let maximumLineLength = 64 * 1024

    /// Why a line was rejected.
    enum LineFault: Error, Equatable {
        case unparsable
        case notCanonical
        case badMAC
    }

    private let hmac: HMACSHA256

    init(key: SecureBytes) {
        hmac = HMACSHA256(key: key)
    }

    /// Hex SHA-256 of a line's bytes (without its newline): the next line's `prev`, the head's `hash`.
    static func hash<Bytes: Collection>(ofLine line: Bytes) -> String where Bytes.Element == UInt8 {
        SHA256Hash.hash(line).hexString
    }

    /// The record for `entry` at position `seq`, with its MAC, and the line's bytes (no newline).
    func seal(_ entry: AuditEntry, seq: Int, time: String, prev: String) -> (record: AuditRecord, line: [UInt8]) {
        var record = AuditRecord(
            seq: seq, time: time, event: entry.event.rawValue, user: entry.user, details: entry.details, prev: prev,
            mac: "")
        record.mac =
            hmac.authenticationCode(for: CanonicalJSON.encode(Self.value(of: record, includingMAC: false)))
            .hexString
        return (record, CanonicalJSON.encode(Self.value(of: record, includingMAC: true)))
    }

    /// Parses one line (without its newline) and checks that it is canonical and its MAC is right.
    func open<Bytes: Collection>(line: Bytes) -> Result<AuditRecord, LineFault> where Bytes.Element == UInt8 {
        let bytes = Array(line)
        guard let record = try? JSONDecoder().decode(AuditRecord.self, from: Data(bytes)) else {
            return .failure(.unparsable)
        }
        guard CanonicalJSON.encode(Self.value(of: record, includingMAC: true)) == bytes else {
            return .failure(.notCanonical)
        }
        let expected = hmac.authenticationCode(for: CanonicalJSON.encode(Self.value(of: record, includingMAC: false)))
        guard ConstantTime.equal(expected.hexString, record.mac) else { return .failure(.badMAC) }
        return .success(record)
    }

    /// The head file's bytes: `{"anchors":…,"hash":…,"mac":…,"seq":…}` and a newline (`anchors` only when set).
    func seal(_ head: AuditHead) -> [UInt8] {
        var members = Self.value(of: head)
        members["mac"] = .string(hmac.authenticationCode(for: CanonicalJSON.encode(.object(members))).hexString)
        return CanonicalJSON.encode(.object(members)) + [UInt8(ascii: "\n")]
    }

    /// Parses and authenticates a head file; nil if it is malformed, not canonical or its MAC is wrong.
    func open(head bytes: [UInt8]) -> AuditHead? {
        struct Stored: Decodable {
            let seq: Int
            let hash: String
            let mac: String
            let anchors: AuditAnchors.Stored?
        }
        guard bytes.last == UInt8(ascii: "\n"),
            let stored = try? JSONDecoder().decode(Stored.self, from: Data(bytes.dropLast())),
            stored.seq >= 1, stored.hash.utf8.count == 64
        else { return nil }
        let head = AuditHead(seq: stored.seq, hash: stored.hash, anchors: stored.anchors?.anchors ?? AuditAnchors())
        return ConstantTime.equal(seal(head), bytes) ? head : nil
    }

    private static func value(of head: AuditHead) -> [String: CanonicalJSON.Value] {
        var members: [String: CanonicalJSON.Value] = ["seq": .int(head.seq), "hash": .string(head.hash)]
        if !head.anchors.isEmpty { members["anchors"] = head.anchors.canonicalValue }
        return members
    }

    private static func value(of record: AuditRecord, includingMAC: Bool) -> CanonicalJSON.Value {
        var members: [String: CanonicalJSON.Value] = [
            "seq": .int(record.seq),
            "time": .string(record.time),
            "event": .string(record.event),
            "details": .object(record.details.mapValues { .string($0) }),
            "prev": .string(record.prev),
        ]
        if let user = record.user { members["user"] = .string(user) }
        if includingMAC { members["mac"] = .string(record.mac) }
        return .object(members)
    }
}

/// The newest entry as recorded apart from the log, in `<log>.head`: cutting the log's tail cannot
/// go unnoticed unless the head is rolled back too. The head also carries the ``AuditAnchors``.
struct AuditHead: Equatable, Sendable {
    /// The last entry's `seq`.
    var seq: Int
    /// Hex SHA-256 of the last line's bytes (without its newline).
    var hash: String
    /// Floors for the key store and the staff accounts (empty in heads written before they existed).
    var anchors = AuditAnchors()
}
