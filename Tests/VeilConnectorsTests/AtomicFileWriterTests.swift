import Foundation
import Testing
import VeilConnectors
import VeilFiles
import VeilTestSupport

/// Leftovers of a killed run are recognisable by name and removed by the next writer of the same path.
@Suite("Atomic file writer")
struct AtomicFileWriterTests {
    /// A process id that is not running now.
    static func deadProcessID() -> Int32 {
        var candidate: Int32 = 4_000_000
        while kill(candidate, 0) == 0 || errno != ESRCH { candidate -= 1 }
        return candidate
    }

    @Test("a dead writer's temporary file is removed; a live one's is kept; nothing shows under the final name early")
    func leftovers() throws {
        let directory = TemporaryDirectory()
        let dead = try directory.file(".out.sql.veil-tmp-\(Self.deadProcessID())-abc", "half a dump")
        let live = try directory.file(".out.sql.veil-tmp-\(getpid())-def", "another run in progress")
        let other = try directory.file(".other.sql.veil-tmp-\(Self.deadProcessID())-ghi", "another target")
        let writer = try AtomicFileWriter(path: directory.path("out.sql"))
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: other))
        #expect(writer.temporaryPath.contains(".out.sql.veil-tmp-\(getpid())-"))
        try writer.write("complete\n")
        #expect(!FileManager.default.fileExists(atPath: directory.path("out.sql")))
        try writer.commit()
        #expect(try String(contentsOfFile: directory.path("out.sql"), encoding: .utf8) == "complete\n")
        #expect(!FileManager.default.fileExists(atPath: writer.temporaryPath))
    }

    /// A file another writer produced (SQLite's `VACUUM INTO` for vault backups) is published with the same
    /// guarantees: 0600 whatever it was created with, and nothing under the final name when the hook before the rename
    /// (the audit entry) fails.
    @Test("a produced file is published 0600 after its hook; a failing hook leaves the target as it was")
    func publishProduced() throws {
        let directory = TemporaryDirectory()
        let target = try directory.file("backup.sqlite", "previous backup")
        let temporary = AtomicFileWriter.temporaryPath(for: target)
        #expect(temporary.contains(".backup.sqlite.veil-tmp-\(getpid())-"))
        #expect(TemporaryOutputs.registered.contains(temporary))
        #expect(FileManager.default.createFile(atPath: temporary, contents: Data("new".utf8)))
        chmod(temporary, 0o644)
        struct HookFailed: Error {}
        #expect(throws: HookFailed.self) {
            try AtomicFileWriter.publish(produced: temporary, at: target) { throw HookFailed() }
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "previous backup")
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(!TemporaryOutputs.registered.contains(temporary))

        let second = AtomicFileWriter.temporaryPath(for: target)
        #expect(FileManager.default.createFile(atPath: second, contents: Data("new".utf8)))
        chmod(second, 0o644)
        var hookRan = false
        try AtomicFileWriter.publish(produced: second, at: target) { hookRan = true }
        #expect(hookRan)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!TemporaryOutputs.registered.contains(second))
    }
}
