import Foundation
import Testing
import VeilCore
import VeilCrypto
import VeilTestSupport

@testable import VeilVault

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Audit log: the line format, the hash chain and head, tamper detection, concurrency, failures.
@Suite("Audit log")
struct AuditLogTests {
    let key = SecureBytes(Array(repeating: 0x5A, count: 32))
    let fixedTime: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_795_000_000.25) }

    /// A log in a fresh directory with `count` entries of varied shape.
    func makeLog(_ directory: TemporaryDirectory, entries count: Int) throws -> AuditLog {
        let log = try AuditLog.open(at: directory.file("audit.log"), key: key, clock: fixedTime)
        for index in 1...max(count, 1) where count > 0 {
            switch index % 3 {
            case 1: try log.append(.login, user: "alice", details: ["ip": "127.0.0.1"])
            case 2:
                try log.append(
                    .grant, user: "alice",
                    details: [
                        "domain": "email", "reason": "ticket \"\(index)\"", "tokens": "2",
                        "fingerprints": log.fingerprint(token: "tok-\(index)", domain: "email"),
                    ])
            default: try log.append(.keyRotate, details: ["version": "\(index)"])
            }
        }
        return log
    }

    @Test("a clean chain verifies with its entry count; files are 0600; seq and prev chain up")
    func cleanChain() throws {
        let directory = TemporaryDirectory("veil-audit")
        let log = try makeLog(directory, entries: 7)
        let report = try log.verify()
        #expect(report.isClean)
        #expect(report.entries == 7)
        #expect(report.headOneBehind == false)
        try report.requireClean(path: log.path)

        let lines = try readLines(log.path)
        #expect(lines.count == 7)
        var previous = String(repeating: "0", count: 64)
        for (index, line) in lines.enumerated() {
            let record = try JSONDecoder().decode(AuditRecord.self, from: Data(line))
            #expect(record.seq == index + 1)
            #expect(record.prev == previous)
            previous = SHA256Hash.hash(line).hexString
        }
        #expect(mode(of: log.path) == 0o600)
        #expect(mode(of: log.headPath) == 0o600)
        // Reopening checks the head against the log and continues the chain.
        let reopened = try AuditLog.open(at: log.path, key: key)
        #expect(try reopened.append(.denial, user: "bob", details: ["reason": "domain not granted"]).seq == 8)
        #expect(try AuditVerifier(key: key).verify(logAt: log.path).entries == 8)
        // An empty, never-written log is a clean, empty chain.
        let fresh = TemporaryDirectory("veil-audit")
        let empty = try AuditLog.open(at: fresh.file("audit.log"), key: key)
        #expect(try empty.verify() == AuditVerification(entries: 0, problem: nil, headOneBehind: false))
    }

    @Test("the line format: canonical JSON with sorted keys, ISO 8601 UTC time, hex prev and mac")
    func lineFormat() throws {
        let directory = TemporaryDirectory("veil-audit")
        let log = try AuditLog.open(at: directory.file("audit.log"), key: key, clock: fixedTime)
        let record = try log.append(.grant, user: "alice", details: ["reason": "ticket 4711", "domain": "email"])
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
        let prefix =
            #"{"details":{"domain":"email","reason":"ticket 4711"},"event":"grant","mac":""#
        #expect(text.hasPrefix(prefix))
        #expect(
            text.hasSuffix(
                #"","prev":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,"#
                    + #""time":"2026-11-18T11:06:40.250Z","user":"alice"}"# + "\n"))
        #expect(record.time == "2026-11-18T11:06:40.250Z")
        #expect(record.mac.count == 64)
        #expect(
            text
                == #"{"details":{"domain":"email","reason":"ticket 4711"},"event":"grant","mac":"\#(record.mac)","prev":"\#(String(repeating: "0", count: 64))","seq":1,"time":"2026-11-18T11:06:40.250Z","user":"alice"}"#
                + "\n")
        let head = try String(contentsOfFile: log.headPath, encoding: .utf8)
        let lineHash = SHA256Hash.hash(Array(text.utf8.dropLast())).hexString
        #expect(head.hasPrefix(#"{"hash":"\#(lineHash)","mac":""#))
        #expect(head.hasSuffix(#"","seq":1}"# + "\n"))
        // Known answers, computed independently (Python hmac/hashlib over the same canonical bytes), so
        // an external verifier can follow the format.
        #expect(record.mac == "673f0927bc847640dd4896f4d8368804f7499c8d3587c2a065f7a0b932edc0b9")
        #expect(
            head == #"{"hash":"516c2029a335c362d5bcffd8951e864c8afa29474fedbd95136495233200fb60","#
                + #""mac":"0507473fd5722ec46cb0d07361bd96d0e0bb7960d94a96fa247a452b7ffd1f9a","seq":1}"# + "\n")
    }

    @Test("flipping any single byte of any line is detected and names that line")
    func everyByteFlipIsDetected() throws {
        let directory = TemporaryDirectory("veil-audit")
        let log = try makeLog(directory, entries: 3)
        let original = try Array(Data(contentsOf: URL(fileURLWithPath: log.path)))
        var undetected: [String] = []
        for offset in original.indices {
            let expectedLine = 1 + original[..<offset].count(where: { $0 == UInt8(ascii: "\n") })
            for mask: UInt8 in [0x01, 0x20, 0x80] {
                var damaged = original
                damaged[offset] ^= mask
                try overwrite(log.path, with: damaged)
                let report = try log.verify()
                if report.problem?.line != expectedLine {
                    undetected.append("offset \(offset) mask \(mask): \(report)")
                }
            }
        }
        try overwrite(log.path, with: original)
        #expect(undetected.isEmpty, "\(undetected.prefix(5))")
        #expect(try log.verify().isClean)
    }

    @Test("a deleted line is reported as removed at its position")
    func deletedLine() throws {
        let directory = TemporaryDirectory("veil-audit")
        let log = try makeLog(directory, entries: 5)
        var lines = try readLines(log.path)
        lines.remove(at: 1)
        try writeLines(lines, to: log.path)
        let report = try log.verify()
        #expect(report.problem?.kind == .removed)
        #expect(report.problem?.line == 2)
        #expect(report.entries == 1)
        #expect(report.problem?.description == "line 2: entry 2 missing before this line")

        var withoutFirst = try readLines(log.path)
        withoutFirst.removeFirst()
        try writeLines(withoutFirst, to: log.path)
        #expect(try log.verify().problem?.line == 1)
        #expect(try log.verify().problem?.kind == .removed)
    }

    @Test("two swapped lines are reported as reordered at the first of them")
    func swappedLines() throws {
        let directory = TemporaryDirectory("veil-audit")
        let log = try makeLog(directory, entries: 5)
        var lines = try readLines(log.path)
        lines.swapAt(2, 3)
        try writeLines(lines, to: log.path)
        let report = try log.verify()
        #expect(report.problem?.kind == .reordered)
        #expect(report.problem?.line == 3)
        #expect(report.problem?.description == "line 3: holds entry 4, expected 3 (which is at line 4)")

        lines = try readLines(log.path)
        lines.swapAt(2, 3)  // back in order
        lines.swapAt(0, 4)
        try writeLines(lines, to: log.path)
        #expect(try log.verify().problem?.line == 1)
        #expect(try log.verify().problem?.kind == .reordered)

        // A duplicated (replayed) line: seq goes backwards.
        lines = try readLines(log.path)
        lines.swapAt(0, 4)
        lines.insert(lines[1], at: 2)
        try writeLines(lines, to: log.path)
        let duplicate = try log.verify()
        #expect(duplicate.problem?.kind == .reordered)
        #expect(duplicate.problem?.line == 3)
    }

    @Test("cutting the log's tail is caught through the head, and appending is then refused")
    func cutTail() throws {
        let directory = TemporaryDirectory("veil-audit")
        let log = try makeLog(directory, entries: 4)
        let original = try Array(Data(contentsOf: URL(fileURLWithPath: log.path)))
        let lines = try readLines(log.path)

        // The whole last line.
        try writeLines(Array(lines.dropLast()), to: log.path)
        var report = try log.verify()
        #expect(report.problem?.kind == .truncated)
        #expect(report.problem?.line == 4)
        #expect(report.entries == 3)
        #expect(throws: VeilError.self) { try log.append(.login, user: "mallory") }
        #expect(throws: VeilError.self) { try AuditLog.open(at: log.path, key: key) }

        // The last two lines.
        try writeLines(Array(lines.dropLast(2)), to: log.path)
        report = try log.verify()
        #expect(report.problem?.kind == .truncated)
        #expect(report.problem?.line == 3)
        #expect(report.problem?.reason.contains("entries 3–4 are missing") == true)

        // Every shorter cut inside the last line, including just its newline.
        let lastStart = original.count - lines[3].count - 1
        for cut in lastStart + 1..<original.count {
            try overwrite(log.path, with: Array(original[..<cut]))
            let cutReport = try log.verify()
            #expect(cutReport.problem?.kind == .truncated, "cut at \(cut)")
            #expect(cutReport.problem?.line == 4, "cut at \(cut)")
            let error = #expect(throws: VeilError.self) { try log.append(.login, user: "mallory") }
            #expect(error?.code == .keyStore)
        }

        // Everything.
        try overwrite(log.path, with: [])
        #expect(try log.verify().problem?.kind == .truncated)
        #expect(throws: VeilError.self) { try log.append(.login, user: "mallory") }

        try overwrite(log.path, with: original)
        #expect(try log.verify().isClean)
    }

    @Test("an edited, deleted or orphaned head is detected")
    func headTampering() throws {
        let directory = TemporaryDirectory("veil-audit")
        let log = try makeLog(directory, entries: 3)
        let head = try Array(Data(contentsOf: URL(fileURLWithPath: log.headPath)))

        // Claim fewer entries (hiding the last one) without the key: the MAC fails.
        let edited = String(decoding: head, as: UTF8.self).replacingOccurrences(of: #""seq":3"#, with: #""seq":2"#)
        try overwrite(log.headPath, with: Array(edited.utf8))
        var report = try log.verify()
        #expect(report.problem?.kind == .headChanged)
        #expect(report.problem?.line == nil)
        #expect(throws: VeilError.self) { try log.append(.login) }

        for offset in head.indices {
            var damaged = head
            damaged[offset] ^= 0x01
            try overwrite(log.headPath, with: damaged)
            #expect(try log.verify().problem?.kind == .headChanged, "head byte \(offset)")
        }

        try FileManager.default.removeItem(atPath: log.headPath)
        report = try log.verify()
        #expect(report.problem?.kind == .headMissing)
        #expect(throws: VeilError.self) { try AuditLog.open(at: log.path, key: key) }
        #expect(throws: VeilError.self) { try log.append(.login) }

        try overwrite(log.headPath, with: head, create: true)
        #expect(try log.verify().isClean)
        try FileManager.default.removeItem(atPath: log.path)
        #expect(try log.verify().problem?.kind == .logMissing)
        #expect(throws: VeilError.self) { try AuditLog.open(at: log.path, key: key) }
    }

    @Test("a log verified under another key fails at line 1")
    func wrongKey() throws {
        let directory = TemporaryDirectory("veil-audit")
        let log = try makeLog(directory, entries: 2)
        let other = AuditVerifier(key: SecureBytes(Array(repeating: 0x5B, count: 32)))
        let report = try other.verify(logAt: log.path)
        #expect(report.problem?.kind == .changed)
        #expect(report.problem?.line == 1)
        #expect(throws: VeilError.self) {
            try AuditLog.open(at: log.path, key: SecureBytes(Array(repeating: 1, count: 32)))
        }
    }

    @Test("an append interrupted before the head was replaced is accepted and repaired by the next one")
    func interruptedAppend() throws {
        let directory = TemporaryDirectory("veil-audit")
        let log = try makeLog(directory, entries: 3)
        let headAfterThree = try Array(Data(contentsOf: URL(fileURLWithPath: log.headPath)))
        try log.append(.login, user: "carol")
        try overwrite(log.headPath, with: headAfterThree)
        let lagging = try log.verify()
        #expect(lagging.isClean)
        #expect(lagging.headOneBehind)
        #expect(lagging.entries == 4)
        #expect(try log.append(.login, user: "dave").seq == 5)
        #expect(try log.verify() == AuditVerification(entries: 5, problem: nil, headOneBehind: false))

        // Two entries ahead of the head is not an interrupted append.
        let headAfterFive = try Array(Data(contentsOf: URL(fileURLWithPath: log.headPath)))
        try log.append(.login, user: "erin")
        try log.append(.login, user: "frank")
        try overwrite(log.headPath, with: headAfterFive)
        let stale = try log.verify()
        #expect(stale.problem?.kind == .headChanged)
        #expect(stale.problem?.line == 6)
        #expect(throws: VeilError.self) { try log.append(.login) }
    }

    @Test("appends from 8 threads (shared and separate instances) give one valid chain with every entry")
    func concurrentAppends() throws {
        let directory = TemporaryDirectory("veil-audit")
        let path = directory.file("audit.log")
        let shared = try AuditLog.open(at: path, key: key)
        let perThread = 25
        let failures = FailureList()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            do {
                // Odd threads open their own instance, so only flock keeps them apart.
                let log = thread % 2 == 0 ? shared : try AuditLog.open(at: path, key: key)
                for index in 0..<perThread {
                    try log.append(.grant, user: "user\(thread)", details: ["n": "\(index)"])
                }
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let report = try shared.verify()
        #expect(report.isClean, "\(report)")
        #expect(report.entries == 8 * perThread)
        let records = try readLines(path).map { try JSONDecoder().decode(AuditRecord.self, from: Data($0)) }
        #expect(records.map(\.seq) == Array(1...(8 * perThread)))
        for thread in 0..<8 {
            #expect(records.filter { $0.user == "user\(thread)" }.count == perThread)
        }
    }

    @Test("append to a log in a read-only directory throws", .enabled(if: geteuid() != 0, "root ignores permissions"))
    func readOnlyDirectory() throws {
        let directory = TemporaryDirectory("veil-audit")
        let logDirectory = directory.file("ro")
        try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: false)
        chmod(logDirectory, 0o500)
        defer { chmod(logDirectory, 0o700) }
        let log = try AuditLog.open(at: logDirectory + "/audit.log", key: key)
        let error = #expect(throws: VeilError.self) { try log.append(.login, user: "alice") }
        #expect(error?.code == .keyStore)
        #expect(error?.code.exitCode == 77)
    }

    @Test("append throws when the log or its head cannot be written, and leaves nothing appended")
    func unwritable() throws {
        let directory = TemporaryDirectory("veil-audit")
        // The log's directory is a regular file: fails even for root.
        let blocker = directory.write("", to: "not-a-directory")
        let error = #expect(throws: VeilError.self) {
            try AuditLog.open(at: blocker + "/audit.log", key: key).append(.login, user: "alice")
        }
        #expect(error?.code == .keyStore)

        // The head cannot be replaced: append throws and the line it wrote is taken back.
        let good = try makeLog(directory, entries: 2)
        let before = try Data(contentsOf: URL(fileURLWithPath: good.path))
        let failing = try AuditLog.open(
            at: good.path, key: key, clock: fixedTime,
            writeHead: { _, path in throw VeilError(.target, "cannot write \(path): No space left on device") })
        let headError = #expect(throws: VeilError.self) { try failing.append(.grant, user: "alice") }
        #expect(headError?.code == .keyStore)
        #expect(try Data(contentsOf: URL(fileURLWithPath: good.path)) == before)
        #expect(try good.verify() == AuditVerification(entries: 2, problem: nil, headOneBehind: false))
        #expect(try good.append(.grant, user: "alice").seq == 3)

        // A malformed event name is a usage error, not written.
        let usage = #expect(throws: VeilError.self) { try good.append(AuditEntry("Bad Event")) }
        #expect(usage?.code == .usage)
        #expect(try good.verify().entries == 3)
    }

    @Test("a group- or world-readable log is refused")
    func permissions() throws {
        let directory = TemporaryDirectory("veil-audit")
        let log = try makeLog(directory, entries: 1)
        chmod(log.path, 0o644)
        let error = #expect(throws: VeilError.self) { try log.append(.login) }
        #expect(error?.message.contains("chmod 600") == true)
        #expect(throws: VeilError.self) { try AuditLog.open(at: log.path, key: key) }
    }

    @Test("fingerprints are deterministic per key, differ across keys and domains, never contain the token")
    func fingerprints() throws {
        let directory = TemporaryDirectory("veil-audit")
        let log = try AuditLog.open(at: directory.file("a.log"), key: key)
        let same = try AuditLog.open(at: directory.file("b.log"), key: SecureBytes(Array(repeating: 0x5A, count: 32)))
        let other = try AuditLog.open(at: directory.file("c.log"), key: SecureBytes(Array(repeating: 0x5B, count: 32)))
        let token = "tok_QX7-4111-2222"
        let print = log.fingerprint(token: token, domain: "card")
        #expect(print.count == 32)
        #expect(print.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(print == log.fingerprint(token: token, domain: "card"))
        #expect(print == same.fingerprint(token: token, domain: "card"))
        #expect(print != other.fingerprint(token: token, domain: "card"))
        #expect(print != log.fingerprint(token: token, domain: "email"))
        #expect(print != log.fingerprint(token: "tok_QX7-4111-2223", domain: "card"))
        // The domain/token boundary is unambiguous.
        #expect(log.fingerprint(token: "bc", domain: "a") != log.fingerprint(token: "c", domain: "ab"))
        #expect(!print.contains(token))

        try log.append(.grant, user: "alice", details: ["domain": "card", "tokens": print])
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
        #expect(!text.contains(token))
        #expect(!text.contains("4111"))
        #expect(text.contains(print))
    }

    // MARK: - Helpers

    private func readLines(_ path: String) throws -> [[UInt8]] {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        return bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    private func writeLines(_ lines: [[UInt8]], to path: String) throws {
        try overwrite(path, with: lines.flatMap { $0 + [UInt8(ascii: "\n")] })
    }

    /// Replaces a file's content in place, keeping its inode and mode (as an attacker editing it would).
    private func overwrite(_ path: String, with bytes: [UInt8], create: Bool = false) throws {
        let descriptor = open(path, O_WRONLY | O_TRUNC | (create ? O_CREAT : 0), 0o600)
        guard descriptor >= 0 else { throw VeilError(.internal, "cannot open \(path)") }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw VeilError(.internal, "cannot write \(path)") }
    }

    private func mode(of path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { return -1 }
        return Int(info.st_mode & 0o777)
    }
}

/// Errors collected from worker threads.
private final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func add(_ item: String) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
