import VeilCore
import VeilCrypto

/// Checks a whole audit log and its head (`<log>.head`) and reports the first problem with its line.
///
/// Lines are checked in order — complete (ends with a newline), canonical and MAC-valid, `seq` one
/// more than the previous, `prev` equal to the previous line's hash — then the head: present when
/// the log has entries, MAC-valid, and naming the log's last entry (or the one before it, after an
/// interrupted append). Reads under a shared `flock`, so appends in progress are not seen half done.
public struct AuditVerifier: Sendable {
    let codec: AuditCodec

    init(codec: AuditCodec) { self.codec = codec }

    /// A verifier for logs written under `key`.
    public init(key: SecureBytes) { codec = AuditCodec(key: key) }

    /// Verifies the log at `path` with its head at `<path>.head`. Throws `.keyStore` only if the files
    /// cannot be read; every kind of damage is reported in the result.
    public func verify(logAt path: String) throws -> AuditVerification {
        let headPath = path + ".head"
        guard let file = try AuditFile(path: path, writable: false) else {
            if try AuditHeadFile.read(headPath) != nil {
                return result(0, AuditProblem(.logMissing, line: nil, "the head exists but the log is missing"))
            }
            return AuditVerification(entries: 0, problem: nil, headOneBehind: false)
        }
        try file.lock(exclusive: false)
        let log = try file.read(from: 0, count: try file.size())
        let headBytes = try AuditHeadFile.read(headPath)

        var lineNumber = 0
        var previousHash = AuditCodec.zeroHash
        var hashBeforePrevious = AuditCodec.zeroHash
        var start = 0
        while start < log.count {
            lineNumber += 1
            let good = lineNumber - 1
            guard let end = log[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                return result(good, AuditProblem(.truncated, line: lineNumber, "incomplete line: the log was cut"))
            }
            let line = log[start..<end]
            let record: AuditRecord
            switch codec.open(line: line) {
            case .failure(.unparsable):
                return result(good, AuditProblem(.changed, line: lineNumber, "entry changed (not a valid entry)"))
            case .failure(.notCanonical):
                return result(good, AuditProblem(.changed, line: lineNumber, "entry changed (not in canonical form)"))
            case .failure(.badMAC):
                return result(good, AuditProblem(.changed, line: lineNumber, "entry changed (MAC mismatch)"))
            case .success(let opened):
                record = opened
            }
            if record.seq > lineNumber {
                if let later = position(ofEntry: lineNumber, in: log, after: end + 1, firstLineNumber: lineNumber + 1) {
                    return result(
                        good,
                        AuditProblem(
                            .reordered, line: lineNumber,
                            "holds entry \(record.seq), expected \(lineNumber) (which is at line \(later))"))
                }
                let missing = record.seq - 1 == lineNumber ? "\(lineNumber)" : "\(lineNumber)–\(record.seq - 1)"
                return result(
                    good, AuditProblem(.removed, line: lineNumber, "entry \(missing) missing before this line"))
            }
            if record.seq < lineNumber {
                return result(
                    good,
                    AuditProblem(.reordered, line: lineNumber, "holds entry \(record.seq), expected \(lineNumber)"))
            }
            if record.prev != previousHash {
                return result(
                    good,
                    AuditProblem(
                        .reordered, line: lineNumber, "does not follow the previous entry (prev-hash mismatch)"))
            }
            hashBeforePrevious = previousHash
            previousHash = AuditCodec.hash(ofLine: line)
            start = end + 1
        }
        let count = lineNumber
        return checkHead(headBytes, entries: count, lastHash: previousHash, hashBeforeLast: hashBeforePrevious)
    }

    private func checkHead(_ bytes: [UInt8]?, entries count: Int, lastHash: String, hashBeforeLast: String)
        -> AuditVerification
    {
        guard let bytes else {
            if count == 0 { return AuditVerification(entries: 0, problem: nil, headOneBehind: false) }
            return result(count, AuditProblem(.headMissing, line: nil, "the log has entries but its head is missing"))
        }
        guard let head = codec.open(head: bytes) else {
            return result(count, AuditProblem(.headChanged, line: nil, "the head fails its MAC (changed)"))
        }
        if count < head.seq {
            let missing = head.seq == count + 1 ? "entry \(head.seq) is" : "entries \(count + 1)–\(head.seq) are"
            return result(
                count,
                AuditProblem(
                    .truncated, line: count + 1, "\(missing) missing: the log was cut (the head records \(head.seq))"))
        }
        if count == head.seq {
            guard lastHash == head.hash else {
                return result(
                    count - 1, AuditProblem(.headChanged, line: count, "the last entry does not match the head"))
            }
            return AuditVerification(entries: count, problem: nil, headOneBehind: false)
        }
        if count == head.seq + 1, hashBeforeLast == head.hash {
            return AuditVerification(entries: count, problem: nil, headOneBehind: true)
        }
        return result(
            head.seq,
            AuditProblem(
                .headChanged, line: head.seq + 1, "the head records \(head.seq) entries but the log has \(count)"))
    }

    /// The line number of the first valid line from byte `start` on whose entry is `seq`, if any.
    private func position(ofEntry seq: Int, in log: [UInt8], after start: Int, firstLineNumber: Int) -> Int? {
        var lineNumber = firstLineNumber
        var start = start
        while start < log.count, let end = log[start...].firstIndex(of: UInt8(ascii: "\n")) {
            if case .success(let record) = codec.open(line: log[start..<end]), record.seq == seq { return lineNumber }
            lineNumber += 1
            start = end + 1
        }
        return nil
    }

    private func result(_ entries: Int, _ problem: AuditProblem) -> AuditVerification {
        AuditVerification(entries: entries, problem: problem, headOneBehind: false)
    }
}
